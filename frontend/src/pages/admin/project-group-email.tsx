import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { templateVariables } from '../../../../shared/domain/template-variables';
import { groupEmailBody, type GroupEmailBody } from '../../../../shared/schemas/engine-controls';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { formatDateTime } from './musician-format';
import type { GroupEmailView, ProjectFileSummary } from './project-engine-types';
import type { ProjectDetail } from './projects-types';

const historySize = 10;
// A group email has no response link, so that one variable would come out empty.
const variables = templateVariables.filter((v) => v !== 'responseUrl').map((v) => `{{${v}}}`).join(' ');

interface Choice {
  /** `instrument:<id>` or `position:<id>`; '' for every accepted musician. */
  value: string;
  /** In the list, under its instrument. */
  label: string;
  /** On its own, as the confirmation and history name it. */
  description: string;
}

/** The instruments and positions the project has needs for: only their musicians can have accepted. */
function recipientChoices(project: ProjectDetail): { instrument: Choice; positions: Choice[] }[] {
  const groups: { instrument: Choice; positions: Choice[] }[] = [];
  for (const need of project.needs) {
    if (need.status === 'archived') continue;
    let group = groups.find((g) => g.instrument.value === `instrument:${need.instrument.id}`);
    if (!group) {
      const whole = t('groupEmail.wholeInstrument', { instrument: need.instrument.name });
      group = { instrument: { value: `instrument:${need.instrument.id}`, label: whole, description: whole }, positions: [] };
      groups.push(group);
    }
    if (!group.positions.some((p) => p.value === `position:${need.position.id}`)) {
      group.positions.push({ value: `position:${need.position.id}`, label: need.position.name, description: `${need.instrument.name}: ${need.position.name}` });
    }
  }
  return groups;
}

/** Whom a group email went to, in words, from the project's needs (one no longer among them shows as "one position"). */
function filterText(filter: GroupEmailView['filter'], project: ProjectDetail | undefined): string {
  if (filter.positionId) {
    const need = project?.needs.find((n) => n.position.id === filter.positionId);
    return need ? `${need.instrument.name}: ${need.position.name}` : t('groupEmail.onePosition');
  }
  if (filter.instrumentId) {
    const need = project?.needs.find((n) => n.instrument.id === filter.instrumentId);
    return need ? t('groupEmail.wholeInstrument', { instrument: need.instrument.name }) : t('groupEmail.oneInstrument');
  }
  return t('groupEmail.everyone');
}

/**
 * A message to the project's accepted musicians (SPEC §3.5), optionally one instrument or position, with
 * project files attached; checked with the API's schema, confirmed before anything is sent, and below it the
 * earlier group emails with their recipients.
 */
export default function ProjectGroupEmailPage() {
  const params = useParams<{ id: string }>();
  const [project, { refetch: refetchProject }] = createResource(
    () => params.id,
    (id) => api.get<ProjectDetail>(`/api/projects/${id}`),
  );
  const [files] = createResource(
    () => params.id,
    (id) => api.get<Page<ProjectFileSummary>>(`/api/projects/${id}/files`, { limit: 500 }).then((p) => p.items.filter((f) => f.confirmed)),
  );
  const [historyLimit, setHistoryLimit] = createSignal(historySize);
  const [history, { refetch: refetchHistory }] = createResource(
    () => ({ id: params.id, limit: historyLimit() }),
    (q) => api.get<Page<GroupEmailView>>(`/api/projects/${q.id}/group-emails`, { limit: q.limit }),
  );

  return (
    <>
      <p>
        <A href={`/projects/${params.id}`}>{t('groupEmail.toProject')}</A>
      </p>
      <h1>{t('groupEmail.title')}</h1>
      <Loadable resource={project} onRetry={refetchProject}>
        {(p) => (
          <>
            <p class="help">{`${p.code} · ${p.name}`}</p>
            <GroupEmailForm project={p} files={files() ?? []} filesError={files.error} onSent={() => refetchHistory()} />
          </>
        )}
      </Loadable>
      <section aria-labelledby="group-email-history-title">
        <h2 id="group-email-history-title">{t('groupEmail.historyTitle')}</h2>
        <Loadable resource={history} onRetry={refetchHistory} isEmpty={(page) => page.items.length === 0} empty={t('groupEmail.noHistory')}>
          {(page) => (
            <>
              <ul class="group-email-history">
                <For each={page.items}>
                  {(g) => (
                    <li>
                      <h3>{g.subject}</h3>
                      <p class="help">
                        {g.code} · {formatDateTime(g.createdAt)}
                        <Show when={g.sentBy}> · {t('groupEmail.sentBy', { email: g.sentBy! })}</Show> · {t('groupEmail.recipientsFilter', { who: filterText(g.filter, project.latest) })}
                      </p>
                      <Show when={g.files.length > 0}>
                        <p class="help">{t('groupEmail.attached', { files: g.files.map((f) => f.filename).join(', ') })}</p>
                      </Show>
                      <details>
                        <summary>{t('groupEmail.recipientsCount', { count: g.recipients.length })}</summary>
                        <ul>
                          <For each={g.recipients}>
                            {(r) => (
                              <li>
                                {`${r.name} (${r.code})`}
                                {r.status ? ` · ${t(`messagesLog.statuses.${r.status as 'sent'}`) ?? r.status}` : ''}
                              </li>
                            )}
                          </For>
                        </ul>
                      </details>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={page.total > page.items.length}>
                <button type="button" onClick={() => setHistoryLimit(historyLimit() + historySize)}>
                  {t('groupEmail.showMore', { shown: page.items.length, total: page.total })}
                </button>
              </Show>
            </>
          )}
        </Loadable>
      </section>
    </>
  );
}

function GroupEmailForm(props: { project: ProjectDetail; files: ProjectFileSummary[]; filesError: unknown; onSent: () => void }) {
  const [subject, setSubject] = createSignal('');
  const [body, setBody] = createSignal('');
  const [who, setWho] = createSignal('');
  const [fileIds, setFileIds] = createSignal<string[]>([]);
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  // The checked email waiting for the admin's yes; nothing is sent before it.
  const [confirming, setConfirming] = createSignal<GroupEmailBody>();
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal<GroupEmailView>();
  const choices = () => recipientChoices(props.project);
  let submitButton: HTMLButtonElement | undefined;

  const whoText = (value: string) => {
    for (const group of choices()) {
      if (group.instrument.value === value) return group.instrument.description;
      const position = group.positions.find((p) => p.value === value);
      if (position) return position.description;
    }
    return t('groupEmail.everyone');
  };

  const edited = () => {
    setSent(undefined);
    setConfirming(undefined);
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    setSent(undefined);
    const [kind, id] = who().split(':');
    const checked = validate(groupEmailBody, {
      subject: subject(),
      body: body(),
      ...(kind === 'instrument' ? { instrumentId: id } : {}),
      ...(kind === 'position' ? { positionId: id } : {}),
      fileIds: fileIds(),
    });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setConfirming(checked.data);
  };

  const cancel = () => {
    setConfirming(undefined);
    submitButton?.focus();
  };

  const send = async () => {
    const data = confirming();
    if (!data) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<GroupEmailView>(`/api/projects/${props.project.id}/group-emails`, data);
      setSent(result);
      setSubject('');
      setBody('');
      setFileIds([]);
      props.onSent();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
      else setError(err);
    } finally {
      setBusy(false);
      setConfirming(undefined);
      queueMicrotask(() => submitButton?.focus());
    }
  };

  const toggleFile = (id: string, on: boolean) => {
    edited();
    setFileIds(on ? [...fileIds(), id] : fileIds().filter((f) => f !== id));
  };

  return (
    <section class="panel" aria-labelledby="group-email-compose-title">
      <h2 id="group-email-compose-title">{t('groupEmail.composeTitle')}</h2>
      <p class="help">{t('groupEmail.help')}</p>
      <form onSubmit={submit} novalidate>
        <FormField
          id="group-email-who"
          label={t('groupEmail.recipients')}
          error={fieldMessage(fields(), 'instrumentId') ?? fieldMessage(fields(), 'positionId')}
        >
          {(a) => (
            <select
              {...a}
              value={who()}
              onChange={(e) => {
                edited();
                setWho(e.currentTarget.value);
              }}
            >
              <option value="">{t('groupEmail.everyone')}</option>
              <For each={choices()}>
                {(group) => (
                  <optgroup label={group.instrument.label}>
                    <option value={group.instrument.value}>{group.instrument.label}</option>
                    <For each={group.positions}>{(p) => <option value={p.value}>{p.label}</option>}</For>
                  </optgroup>
                )}
              </For>
            </select>
          )}
        </FormField>
        <FormField id="group-email-subject" label={t('groupEmail.subject')} error={fieldMessage(fields(), 'subject')}>
          {(a) => (
            <input
              {...a}
              value={subject()}
              maxLength={300}
              onInput={(e) => {
                edited();
                setSubject(e.currentTarget.value);
              }}
            />
          )}
        </FormField>
        <FormField id="group-email-body" label={t('groupEmail.body')} help={`${t('groupEmail.bodyHelp')} ${variables}`} error={fieldMessage(fields(), 'body')}>
          {(a) => (
            <textarea
              {...a}
              rows={10}
              value={body()}
              onInput={(e) => {
                edited();
                setBody(e.currentTarget.value);
              }}
            />
          )}
        </FormField>
        <Show when={props.filesError}>
          <ErrorMessage error={props.filesError} />
        </Show>
        <Show when={props.files.length > 0}>
          <fieldset aria-describedby={fieldMessage(fields(), 'fileIds') ? 'group-email-files-error' : undefined}>
            <legend>{t('groupEmail.files')}</legend>
            <For each={props.files}>
              {(f) => (
                <label class="checkbox">
                  <input type="checkbox" checked={fileIds().includes(f.id)} onChange={(e) => toggleFile(f.id, e.currentTarget.checked)} />{' '}
                  {f.filename}
                  <Show when={f.need}> <span class="help">({f.need!.code})</span></Show>
                </label>
              )}
            </For>
            <Show when={fieldMessage(fields(), 'fileIds')}>
              <p class="field-error" id="group-email-files-error">
                {fieldMessage(fields(), 'fileIds')}
              </p>
            </Show>
          </fieldset>
        </Show>
        <Show
          when={confirming()}
          fallback={
            <button type="submit" class="primary" ref={submitButton}>
              {t('groupEmail.send')}
            </button>
          }
        >
          <div class="confirm" role="group" aria-label={t('groupEmail.confirmTitle')}>
            <p>{t('groupEmail.confirm', { who: whoText(who()), project: props.project.name })}</p>
            <div class="row-actions">
              <button type="button" class="primary" disabled={busy()} ref={(el) => queueMicrotask(() => el.focus())} onClick={send}>
                {busy() ? t('groupEmail.sending') : t('groupEmail.confirmSend')}
              </button>
              <button type="button" disabled={busy()} onClick={cancel}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </Show>
      </form>
      <Show when={sent()}>
        {(g) => (
          <p class="message ok" role="status">
            {t('groupEmail.sent', { count: g().recipients.length, code: g().code })}
          </p>
        )}
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
    </section>
  );
}
