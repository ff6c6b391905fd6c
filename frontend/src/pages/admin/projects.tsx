import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { projectCreateBody } from '../../../../shared/schemas/projects';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { StaffingBar } from '../../components/staffing-bar';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import type { Project, ProjectDetail } from './projects-types';
import { formatDate } from './musician-format';

type When = 'upcoming' | 'past' | 'all';
const pageSize = 25;

/** Projects with their staffing, filtered and paged, and the form to create one. */
export default function ProjectsPage() {
  const [when, setWhen] = createSignal<When>('upcoming');
  const [search, setSearch] = createSignal('');
  const [includeArchived, setIncludeArchived] = createSignal(false);
  const [offset, setOffset] = createSignal(0);
  const [projects, { refetch }] = createResource(
    () => ({ when: when(), search: search(), includeArchived: includeArchived(), offset: offset() }),
    (query) => api.get<Page<Project>>('/api/projects', { ...query, limit: pageSize }),
  );
  // A changed filter starts again from the first page.
  const filter = <V,>(set: (v: V) => void) => (v: V) => {
    setOffset(0);
    set(v);
  };

  return (
    <>
      <h1>{t('projects.title')}</h1>
      <div class="toolbar">
        <div class="field">
          <label for="project-when">{t('projects.when')}</label>
          <select id="project-when" value={when()} onChange={(e) => filter(setWhen)(e.currentTarget.value as When)}>
            <For each={['upcoming', 'past', 'all'] as When[]}>{(w) => <option value={w}>{t(`projects.whenNames.${w}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="project-search">{t('projects.search')}</label>
          <input id="project-search" type="search" aria-describedby="project-search-help" value={search()} onChange={(e) => filter(setSearch)(e.currentTarget.value.trim())} />
          <p class="help" id="project-search-help">
            {t('projects.searchHelp')}
          </p>
        </div>
        <div class="field checkbox">
          <input id="project-archived" type="checkbox" checked={includeArchived()} onChange={(e) => filter(setIncludeArchived)(e.currentTarget.checked)} />
          <label for="project-archived">{t('projects.includeArchived')}</label>
        </div>
      </div>
      <Loadable resource={projects} onRetry={refetch} isEmpty={(p) => p.items.length === 0} empty={t('projects.empty')}>
        {(page) => (
          <>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('projects.name')}</th>
                    <th scope="col">{t('projects.startDate')}</th>
                    <th scope="col">{t('projects.week')}</th>
                    <th scope="col">{t('projects.staffing')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page.items}>
                    {(p) => (
                      <tr>
                        <td>
                          <A href={`/projects/${p.id}`}>{p.name}</A>
                          <div class="help">
                            {p.code}
                            <Show when={p.archived}> · {t('projects.archived')}</Show>
                            <Show when={p.paused}> · {t('projects.paused')}</Show>
                          </div>
                        </td>
                        <td class="nowrap">{formatDate(p.startDate)}</td>
                        <td>{t('projects.weekNumber', { week: p.isoWeek })}</td>
                        <td>
                          <StaffingBar accepted={p.staffing.accepted} needed={p.staffing.needed} pending={p.staffing.pending} />
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <nav class="pager" aria-label={t('projects.title')}>
              <button type="button" disabled={offset() === 0} onClick={() => setOffset(Math.max(0, offset() - pageSize))}>
                {t('projects.previous')}
              </button>
              <span>{t('projects.shown', { from: offset() + 1, to: offset() + page.items.length, total: page.total })}</span>
              <button type="button" disabled={offset() + pageSize >= page.total} onClick={() => setOffset(offset() + pageSize)}>
                {t('projects.next')}
              </button>
            </nav>
          </>
        )}
      </Loadable>
      <CreateProjectForm />
    </>
  );
}

/** Checked with the API's own schema first; the server's field errors land on the same fields. */
function CreateProjectForm() {
  const navigate = useNavigate();
  const [values, setValues] = createSignal({ name: '', startDate: '', rehearsalSchedule: '', concertInfo: '', notes: '' });
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const set = (key: keyof ReturnType<typeof values>) => (e: { currentTarget: { value: string } }) => setValues({ ...values(), [key]: e.currentTarget.value });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    const checked = validate(projectCreateBody, values());
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      const created = await api.post<ProjectDetail>('/api/projects', checked.data);
      navigate(`/projects/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="create-project-title">
      <h2 id="create-project-title">{t('projects.createTitle')}</h2>
      <form onSubmit={submit} novalidate>
        <FormField id="new-project-name" label={t('projects.name')} error={fieldMessage(fields(), 'name')}>
          {(a) => <input {...a} value={values().name} onInput={set('name')} />}
        </FormField>
        <FormField id="new-project-start" label={t('projects.startDate')} help={t('projects.startDateHelp')} error={fieldMessage(fields(), 'startDate')}>
          {(a) => <input {...a} type="date" value={values().startDate} onInput={set('startDate')} />}
        </FormField>
        <FormField id="new-project-schedule" label={t('projects.rehearsalSchedule')} error={fieldMessage(fields(), 'rehearsalSchedule')}>
          {(a) => <textarea {...a} rows={3} value={values().rehearsalSchedule} onInput={set('rehearsalSchedule')} />}
        </FormField>
        <FormField id="new-project-concert" label={t('projects.concertInfo')} error={fieldMessage(fields(), 'concertInfo')}>
          {(a) => <textarea {...a} rows={3} value={values().concertInfo} onInput={set('concertInfo')} />}
        </FormField>
        <FormField id="new-project-notes" label={t('projects.notes')} help={t('projects.notesHelp')} error={fieldMessage(fields(), 'notes')}>
          {(a) => <textarea {...a} rows={2} value={values().notes} onInput={set('notes')} />}
        </FormField>
        <Show when={error()}>
          <ErrorMessage error={error()} />
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('projects.creating') : t('projects.create')}
        </button>
      </form>
    </section>
  );
}
