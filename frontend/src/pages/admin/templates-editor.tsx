import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { templateBody } from '../../../../shared/schemas/templates';
import { api, ApiError, type FieldError } from '../../api/client';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { fieldMessage, validate, translateFieldMessage } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import type { TemplateDetail, TemplateLanguage, TemplatePreview, TemplateType } from './templates-types';

/** One template's editor: subject and body, the allowed variables, save, preview with sample data, reset. */
export default function TemplateEditorPage() {
  const params = useParams<{ type: TemplateType; language: TemplateLanguage }>();
  const path = () => `/api/templates/${params.type}/${params.language}`;
  const [detail, { refetch }] = createResource(path, (p) => api.get<TemplateDetail>(p));
  return (
    <>
      <p>
        <A href="/templates">← {t('templates.title')}</A>
      </p>
      <h1>{t('templates.editTitle', { type: t(`templates.types.${params.type}`), language: t(`templates.languages.${params.language}`) })}</h1>
      <Loadable resource={detail} onRetry={refetch}>
        {(d) => <TemplateEditor detail={d} path={path()} />}
      </Loadable>
    </>
  );
}

function TemplateEditor(props: { detail: TemplateDetail; path: string }) {
  const [subject, setSubject] = createSignal(props.detail.subject);
  const [body, setBody] = createSignal(props.detail.body);
  const [customised, setCustomised] = createSignal(props.detail.customised);
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [status, setStatus] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [preview, setPreview] = createSignal<TemplatePreview>();
  let subjectInput: HTMLInputElement | undefined;
  let bodyInput: HTMLTextAreaElement | undefined;
  // The variable buttons insert into the field the admin was last in (the body until then).
  let lastField: 'subject' | 'body' = 'body';

  function insertVariable(name: string) {
    const token = `{{${name}}}`;
    const element = lastField === 'subject' ? subjectInput : bodyInput;
    const setter = lastField === 'subject' ? setSubject : setBody;
    if (!element) return;
    const value = element.value;
    const start = element.selectionStart ?? value.length;
    const end = element.selectionEnd ?? start;
    setter(value.slice(0, start) + token + value.slice(end));
    element.value = value.slice(0, start) + token + value.slice(end);
    element.focus();
    element.setSelectionRange(start + token.length, start + token.length);
  }

  /** Field errors from our check or the server's, each on its field; anything else as a message. */
  function fail(failure: unknown) {
    if (failure instanceof ApiError && failure.fields.length) setFields(failure.fields);
    else setError(failure);
  }

  async function run(action: () => Promise<void>) {
    setError(undefined);
    setStatus('');
    const checked = validate(templateBody, { subject: subject(), body: body() });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  }

  const save = (event: SubmitEvent) => {
    event.preventDefault();
    return run(async () => {
      const saved = await api.put<TemplateDetail>(props.path, { subject: subject(), body: body() });
      setCustomised(saved.customised);
      setStatus(t('templates.saved'));
    });
  };

  const showPreview = () =>
    run(async () => {
      setPreview(await api.post<TemplatePreview>(`${props.path}/preview`, { subject: subject(), body: body() }));
    });

  async function reset() {
    setError(undefined);
    setFields([]);
    try {
      const restored = await api.post<TemplateDetail>(`${props.path}/reset`);
      setSubject(restored.subject);
      setBody(restored.body);
      setCustomised(restored.customised);
      setPreview(undefined);
      setStatus(t('templates.wasReset'));
    } catch (failure) {
      setError(failure);
    }
  }

  const otherErrors = () => fields().filter((f) => f.field !== 'subject' && f.field !== 'body');

  return (
    <>
      <p>
        <Show when={customised()} fallback={<span class="help">{t('templates.default')}</span>}>
          <span class="badge">{t('templates.customised')}</span>
        </Show>
      </p>
      <div class="template-layout">
        <form onSubmit={save} novalidate class="template-form">
          <FormField id="template-subject" label={t('templates.subject')} error={fieldMessage(fields(), 'subject')}>
            {(attrs) => (
              <input
                {...attrs}
                ref={subjectInput}
                value={subject()}
                onFocus={() => (lastField = 'subject')}
                onInput={(e) => setSubject(e.currentTarget.value)}
              />
            )}
          </FormField>
          <FormField id="template-body" label={t('templates.body')} error={fieldMessage(fields(), 'body')}>
            {(attrs) => (
              <textarea
                {...attrs}
                ref={bodyInput}
                rows={14}
                value={body()}
                onFocus={() => (lastField = 'body')}
                onInput={(e) => setBody(e.currentTarget.value)}
              />
            )}
          </FormField>
          <For each={otherErrors()}>{(f) => <p class="field-error">{`${f.field}: ${translateFieldMessage(f.message)}`}</p>}</For>
          <Show when={error()}>
            <ErrorMessage error={error()} />
          </Show>
          <p role="status" class="status-text">
            {status()}
          </p>
          <div class="row-actions">
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('common.saving') : t('common.save')}
            </button>
            <button type="button" disabled={busy()} onClick={showPreview}>
              {t('templates.preview')}
            </button>
            <ConfirmButton label={t('templates.reset')} question={t('templates.confirmReset')} onConfirm={reset} />
          </div>
        </form>
        <aside class="template-variables" aria-labelledby="template-variables-title">
          <h2 id="template-variables-title">{t('templates.variables')}</h2>
          <p class="help">{t('templates.variablesHelp')}</p>
          <ul class="variable-list">
            <For each={props.detail.variables}>
              {(name) => (
                <li>
                  <button type="button" class="variable" aria-label={t('templates.insert', { name })} onClick={() => insertVariable(name)}>
                    {`{{${name}}}`}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </aside>
      </div>
      <Show when={preview()}>
        {(p) => (
          <section class="panel template-preview" aria-labelledby="template-preview-title">
            <h2 id="template-preview-title">{t('templates.previewTitle')}</h2>
            <p class="help">{t('templates.previewHelp')}</p>
            <p>
              <strong>{t('templates.subject')}:</strong> {p().subject}
            </p>
            <h3>{t('templates.asText')}</h3>
            <pre class="preview-text">{p().text}</pre>
            <h3>{t('templates.asHtml')}</h3>
            {/* No scripts, forms or same-origin access: the HTML is only looked at. */}
            <iframe class="preview-html" title={t('templates.asHtml')} sandbox="" srcdoc={p().html} />
          </section>
        )}
      </Show>
    </>
  );
}
