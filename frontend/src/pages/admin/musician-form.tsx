import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { musicianCreateBody, musicianLanguages, musicianPatchBody } from '../../../../shared/schemas/musicians';
import { api, ApiError, type FieldError } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { MusicianQualificationPicker } from '../../components/musician-qualification-picker';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { loadInstruments } from './musician-api';
import type { InstrumentWithPositions, Musician } from './musician-types';

/** Create (`/musicians/new`) or edit (`/musicians/:id/edit`) a musician with qualifications on any instruments. */
export default function MusicianFormPage() {
  const params = useParams();
  const [instruments, { refetch: refetchInstruments }] = createResource(loadInstruments);
  const [musician, { refetch: refetchMusician }] = createResource(
    () => params.id,
    (id) => api.get<Musician>(`/api/musicians/${id}`),
  );
  return (
    <>
      <p>
        <A href={params.id ? `/musicians/${params.id}` : '/musicians'}>← {t('common.back')}</A>
      </p>
      <Loadable resource={instruments} onRetry={refetchInstruments}>
        {(list) => (
          <Show when={params.id} fallback={<MusicianEditor instruments={list} />}>
            <Loadable resource={musician} onRetry={refetchMusician}>
              {(m) => <MusicianEditor instruments={list} musician={m} />}
            </Loadable>
          </Show>
        )}
      </Loadable>
    </>
  );
}

function MusicianEditor(props: { instruments: InstrumentWithPositions[]; musician?: Musician }) {
  const navigate = useNavigate();
  const start = props.musician;
  const [values, setValues] = createSignal({
    firstName: start?.firstName ?? '',
    lastName: start?.lastName ?? '',
    email: start?.email ?? '',
    phone: start?.phone ?? '',
    language: start?.language ?? ('sv' as 'sv' | 'en'),
    localResident: start?.localResident ?? false,
    active: start?.active ?? true,
    notes: start?.notes ?? '',
  });
  // Qualifications on archived positions are not offered, but they stay selected so saving keeps them.
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set(start?.qualifications.map((q) => q.positionId) ?? []));
  const kept = (start?.qualifications ?? []).filter((q) => q.archived);
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const setText = (key: 'firstName' | 'lastName' | 'email' | 'phone' | 'notes') => (event: { currentTarget: { value: string } }) =>
    setValues({ ...values(), [key]: event.currentTarget.value });
  const message = (field: string) => fieldMessage(fields(), field);
  let form: HTMLFormElement | undefined;
  // The form is long (the picker); take the keyboard and the eye to the first field to fix.
  const focusFirstError = () => queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    const body = { ...values(), qualifications: [...selected()] };
    const checked = start ? validate(musicianPatchBody, body) : validate(musicianCreateBody, body);
    if (!checked.ok) {
      setFields(checked.fields);
      setError(new Error(t('musicians.fixErrors')));
      focusFirstError();
      return;
    }
    setFields([]);
    setBusy(true);
    try {
      const saved = start ? await api.patch<Musician>(`/api/musicians/${start.id}`, checked.data) : await api.post<Musician>('/api/musicians', checked.data);
      navigate(`/musicians/${saved.id}`);
    } catch (failure) {
      if (failure instanceof ApiError) {
        // A taken address is a 409 without field errors; show it at the email field too.
        setFields(failure.code === 'email_taken' ? [{ field: 'email', message: t('serverErrors.email_taken') }] : failure.fields);
        focusFirstError();
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} novalidate class="musician-form">
      <h1>{start ? t('musicians.editTitle', { name: start.name, code: start.code }) : t('musicians.newTitle')}</h1>
      <div class="form-columns">
        <FormField id="musician-first-name" label={t('musicians.firstName')} error={message('firstName')}>
          {(attrs) => <input {...attrs} autocomplete="off" value={values().firstName} onInput={setText('firstName')} />}
        </FormField>
        <FormField id="musician-last-name" label={t('musicians.lastName')} error={message('lastName')}>
          {(attrs) => <input {...attrs} autocomplete="off" value={values().lastName} onInput={setText('lastName')} />}
        </FormField>
        <FormField id="musician-email" label={t('musicians.email')} error={message('email')} help={start?.emailStatus === 'failing' ? t('musicians.emailFailingHelp') : undefined}>
          {(attrs) => <input {...attrs} type="email" autocomplete="off" value={values().email} onInput={setText('email')} />}
        </FormField>
        <FormField id="musician-phone" label={t('musicians.phone')} error={message('phone')}>
          {(attrs) => <input {...attrs} type="tel" autocomplete="off" value={values().phone} onInput={setText('phone')} />}
        </FormField>
        <FormField id="musician-language" label={t('musicians.language')} help={t('musicians.languageHelp')} error={message('language')}>
          {(attrs) => (
            <select {...attrs} value={values().language} onChange={(e) => setValues({ ...values(), language: e.currentTarget.value as 'sv' | 'en' })}>
              <For each={musicianLanguages}>{(l) => <option value={l}>{t(`musicians.languageNames.${l}`)}</option>}</For>
            </select>
          )}
        </FormField>
      </div>
      <div class="field">
        <label class="checkbox">
          <input
            type="checkbox"
            aria-describedby="musician-resident-help"
            checked={values().localResident}
            onChange={(e) => setValues({ ...values(), localResident: e.currentTarget.checked })}
          />
          {t('musicians.localResident')}
        </label>
        <p class="help" id="musician-resident-help">
          {t('musicians.localResidentHelp')}
        </p>
      </div>
      <div class="field">
        <label class="checkbox">
          <input type="checkbox" aria-describedby="musician-active-help" checked={values().active} onChange={(e) => setValues({ ...values(), active: e.currentTarget.checked })} />
          {t('musicians.active')}
        </label>
        <p class="help" id="musician-active-help">
          {t('musicians.activeHelp')}
        </p>
      </div>
      <FormField id="musician-notes" label={t('musicians.notes')} help={t('musicians.notesHelp')} error={message('notes')}>
        {(attrs) => <textarea {...attrs} rows={4} value={values().notes} onInput={setText('notes')} />}
      </FormField>
      <h2 id="musician-qualifications-title">{t('musicians.qualifications')}</h2>
      <p class="help">{t('musicians.qualificationsHelp')}</p>
      <Show when={kept.length > 0}>
        <p class="help">{t('musicians.keptArchived', { names: kept.map((q) => `${q.instrumentName}: ${q.positionName}`).join(', ') })}</p>
      </Show>
      <MusicianQualificationPicker
        id="musician-qualifications"
        instruments={props.instruments}
        selected={selected()}
        onChange={setSelected}
        error={message('qualifications')}
      />
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <div class="row-actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('common.saving') : start ? t('common.save') : t('musicians.create')}
        </button>
        <A class="button" href={start ? `/musicians/${start.id}` : '/musicians'}>
          {t('common.cancel')}
        </A>
      </div>
    </form>
  );
}
