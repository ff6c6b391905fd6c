import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { projectPatchBody } from '../../../../shared/schemas/projects';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { StaffingBar } from '../../components/staffing-bar';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { CustomListForm } from './custom-list-form';
import { listLabel, NeedEditor } from './need-editor';
import { ProjectEngine } from './project-engine';
import { ProjectFiles } from './project-files';
import type { Need, Position, ProjectDetail } from './projects-types';
import { formatDate } from './musician-format';

/** One project: its details, its needs in send order with Q/A/P, the need editor and custom lists. */
export default function ProjectDetailPage() {
  const params = useParams<{ id: string }>();
  const [project, { refetch, mutate }] = createResource(
    () => params.id,
    (id) => api.get<ProjectDetail>(`/api/projects/${id}`),
  );
  // Lives outside the re-rendered content, so "Saved." survives the project being replaced by the answer.
  const [saved, setSaved] = createSignal(false);
  const [positions] = createResource(() =>
    api.get<Page<Position>>('/api/positions', { limit: 500 }).then((p) => p.items.filter((position) => !position.archived)),
  );

  const loaded = () => project.state === 'ready' || project.state === 'refreshing';

  return (
    <>
      <Loadable resource={project} onRetry={refetch}>
        {(p) => (
          <>
            <p>
              <A href="/projects">{t('projects.toList')}</A>
            </p>
            <h1>{p.name}</h1>
            <p class="help">
              {p.code} · {formatDate(p.startDate)} · {t('projects.weekNumber', { week: p.isoWeek })}
              <Show when={p.paused}> · {t('projects.paused')}</Show>
            </p>
            <StaffingBar accepted={p.staffing.accepted} needed={p.staffing.needed} pending={p.staffing.pending} />
            <p class="row-actions">
              <A href={`/projects/${p.id}/messages`}>{t('messagesLog.title')}</A>
              <A href={`/projects/${p.id}/group-email`}>{t('groupEmail.title')}</A>
            </p>
            <Show when={p.archived}>
              <p class="message warning" role="status">
                {t('projects.archivedNotice')}
              </p>
            </Show>
            <Needs project={p} positions={positions() ?? []} positionsError={positions.error} onChanged={refetch} />
          </>
        )}
      </Loadable>
      {/* The request engine sits outside the re-rendered content: a project refresh must not restart its polling
          or close an open preview; it is told of each new version of the project to poll at once. */}
      <Show when={loaded()}>
        <ProjectEngine projectId={params.id} archived={project.latest?.archived ?? false} version={project.latest} onChanged={refetch} />
      </Show>
      {/* Keyed, so each new version of the project starts these forms afresh, as inside the Loadable above. */}
      <Show when={loaded() && project.latest} keyed>
        {(p) => (
          <>
            <ProjectFiles project={p} />
            <Show when={!p.archived}>
              <CustomListForm projectId={p.id} positions={positions() ?? []} />
            </Show>
            <p>
              <A href={`/lists?projectId=${p.id}`}>{t('needs.openLists')}</A>
            </p>
            <ProjectForm
              project={p}
              saved={saved()}
              onEdit={() => setSaved(false)}
              onSaved={(next, edited) => {
                mutate(next);
                setSaved(edited);
              }}
            />
          </>
        )}
      </Show>
    </>
  );
}

function Needs(props: { project: ProjectDetail; positions: Position[]; positionsError: unknown; onChanged: () => void }) {
  // undefined: closed; null: a new need; a need: editing it.
  const [editing, setEditing] = createSignal<Need | null | undefined>(undefined);
  const [error, setError] = createSignal<unknown>();
  const archive = async (need: Need) => {
    setError(undefined);
    try {
      await api.post(`/api/projects/${props.project.id}/needs/${need.id}/archive`);
      props.onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const saved = () => {
    setEditing(undefined);
    props.onChanged();
  };

  return (
    <section aria-labelledby="needs-title">
      <h2 id="needs-title">{t('needs.title')}</h2>
      <Show when={props.project.needs.length > 0} fallback={<p class="empty">{t('needs.empty')}</p>}>
        <p class="help">{t('needs.sendOrder')}</p>
        <p class="help">{t('needs.qapLegend')}</p>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('needs.position')}</th>
                <th scope="col">{t('needs.list')}</th>
                <th scope="col">{t('needs.strategy')}</th>
                <th scope="col">
                  <abbr title={t('needs.quantity')} aria-hidden="true">
                    Q
                  </abbr>
                  <span class="visually-hidden">{t('needs.quantity')}</span>
                </th>
                <th scope="col">
                  <abbr title={t('needs.accepted')} aria-hidden="true">
                    A
                  </abbr>
                  <span class="visually-hidden">{t('needs.accepted')}</span>
                </th>
                <th scope="col">
                  <abbr title={t('needs.pending')} aria-hidden="true">
                    P
                  </abbr>
                  <span class="visually-hidden">{t('needs.pending')}</span>
                </th>
                <th scope="col">{t('needs.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('needs.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.project.needs}>
                {(need) => (
                  <tr>
                    <td>
                      {need.instrument.name}: {need.position.name}
                      <div class="help">{need.code}</div>
                    </td>
                    <td>{listLabel(need.list)}</td>
                    <td>
                      {t(`needs.strategies.${need.strategy}`)}
                      <Show when={need.strategy === 'first_come'}>
                        <div class="help">
                          {t('needs.maxRecipients')}: {need.maxRecipients ?? t('needs.maxRecipientsEveryone')}
                        </div>
                      </Show>
                    </td>
                    <td>{need.quantity}</td>
                    <td>{need.accepted}</td>
                    <td>{need.pending}</td>
                    <td>{t(`needs.statuses.${need.status}`)}</td>
                    <td>
                      <Show when={!props.project.archived && need.status !== 'archived'}>
                        <span class="row-actions">
                          <button type="button" aria-label={`${t('needs.edit')} ${need.code}`} onClick={() => setEditing(need)}>
                            {t('needs.edit')}
                          </button>
                          <ConfirmButton
                            label={t('needs.archive')}
                            ariaLabel={t('needs.archiveNamed', { code: need.code, position: need.position.name })}
                            question={t('needs.confirmArchive', { code: need.code, position: need.position.name })}
                            onConfirm={() => archive(need)}
                          />
                        </span>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Show when={props.positionsError}>
        <ErrorMessage error={props.positionsError} />
      </Show>
      <Show when={!props.project.archived}>
        <Show
          when={editing() !== undefined}
          fallback={
            <button type="button" class="primary" onClick={() => setEditing(null)}>
              {t('needs.add')}
            </button>
          }
        >
          {/* Keyed on the need so switching from one need to another starts a fresh editor. */}
          <For each={[editing()]}>
            {(need) => <NeedEditor projectId={props.project.id} positions={props.positions} need={need ?? undefined} onSaved={saved} onCancel={() => setEditing(undefined)} />}
          </For>
        </Show>
      </Show>
    </section>
  );
}

/** Name, date and texts; archiving sits here too, with the server's refusal (e.g. pending requests) shown. */
function ProjectForm(props: { project: ProjectDetail; saved: boolean; onEdit: () => void; onSaved: (project: ProjectDetail, edited: boolean) => void }) {
  const p = props.project;
  const [values, setValues] = createSignal({ name: p.name, startDate: p.startDate, rehearsalSchedule: p.rehearsalSchedule, concertInfo: p.concertInfo, notes: p.notes });
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const set = (key: keyof ReturnType<typeof values>) => (e: { currentTarget: { value: string } }) => {
    props.onEdit();
    setValues({ ...values(), [key]: e.currentTarget.value });
  };
  const readOnly = () => props.project.archived;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    props.onEdit();
    const checked = validate(projectPatchBody, values());
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      props.onSaved(await api.patch<ProjectDetail>(`/api/projects/${p.id}`, checked.data), true);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const archive = async () => {
    setError(undefined);
    try {
      props.onSaved(await api.post<ProjectDetail>(`/api/projects/${p.id}/archive`), false);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="panel" aria-labelledby="project-details-title">
      <h2 id="project-details-title">{t('projects.detailsTitle')}</h2>
      <form onSubmit={submit} novalidate>
        <fieldset disabled={readOnly()} class="plain">
          <FormField id="project-name" label={t('projects.name')} error={fieldMessage(fields(), 'name')}>
            {(a) => <input {...a} value={values().name} onInput={set('name')} />}
          </FormField>
          <FormField id="project-start" label={t('projects.startDate')} help={t('projects.startDateHelp')} error={fieldMessage(fields(), 'startDate')}>
            {(a) => <input {...a} type="date" value={values().startDate} onInput={set('startDate')} />}
          </FormField>
          <FormField id="project-schedule" label={t('projects.rehearsalSchedule')} error={fieldMessage(fields(), 'rehearsalSchedule')}>
            {(a) => <textarea {...a} rows={4} value={values().rehearsalSchedule} onInput={set('rehearsalSchedule')} />}
          </FormField>
          <FormField id="project-concert" label={t('projects.concertInfo')} error={fieldMessage(fields(), 'concertInfo')}>
            {(a) => <textarea {...a} rows={4} value={values().concertInfo} onInput={set('concertInfo')} />}
          </FormField>
          <FormField id="project-notes" label={t('projects.notes')} help={t('projects.notesHelp')} error={fieldMessage(fields(), 'notes')}>
            {(a) => <textarea {...a} rows={3} value={values().notes} onInput={set('notes')} />}
          </FormField>
        </fieldset>
        <Show when={props.saved}>
          <p class="message ok" role="status">
            {t('projects.saved')}
          </p>
        </Show>
        <Show when={error()}>
          <ErrorMessage error={error()} />
        </Show>
        <Show when={!readOnly()}>
          <div class="row-actions">
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('common.saving') : t('common.save')}
            </button>
            <ConfirmButton label={t('projects.archive')} question={t('projects.confirmArchive', { name: p.name })} onConfirm={archive} />
          </div>
        </Show>
      </form>
    </section>
  );
}
