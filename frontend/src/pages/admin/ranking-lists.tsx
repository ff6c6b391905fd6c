import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from 'solid-js';
import { rankingListPatchBody } from '../../../../shared/schemas/ranking-lists';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { SortableList } from '../../components/sortable-list';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { CustomListForm } from './custom-list-form';
import { byInstrument, listLabel } from './need-editor';
import type { MusicianOption, Position, Project, RankingList, RankingListEntry } from './projects-types';

/**
 * A position's A/B/C lists (and, opened from a project, that project's custom list) with their ranked
 * musicians: reorder by drag and drop or move buttons, add qualified musicians, remove, clear, describe.
 */
export default function RankingListsPage() {
  const [params, setParams] = useSearchParams<{ positionId?: string; projectId?: string; listId?: string }>();
  const [positions, { refetch: refetchPositions }] = createResource(() =>
    api.get<Page<Position>>('/api/positions', { limit: 500 }).then((p) => p.items.filter((position) => !position.archived)),
  );
  const [project] = createResource(
    () => params.projectId,
    (id) => api.get<Project>(`/api/projects/${id}`),
  );
  // Edits land in `changed` rather than in the resource: a new resource value rebuilds the whole panel
  // (Loadable renders its children again), which would drop focus and half-typed text after every move.
  const [changed, setChanged] = createSignal<Record<string, RankingList>>({});
  const [lists, { refetch }] = createResource(
    () => (params.positionId ? { positionId: params.positionId, projectId: params.projectId } : undefined),
    (query) =>
      api.get<Page<RankingList>>('/api/ranking-lists', { ...query, limit: 20 }).then((p) => {
        setChanged({});
        return p.items;
      }),
  );
  const current = (list: RankingList) => changed()[list.id] ?? list;
  const [selectedId, setSelectedId] = createSignal(params.listId ?? '');
  // What just happened to a whole list (removed, created), announced where the list was.
  const [notice, setNotice] = createSignal('');
  createEffect(
    on(lists, (items) => {
      if (items && !items.some((l) => l.id === selectedId())) setSelectedId(items[0]?.id ?? '');
    }),
  );
  const replace = (updated: RankingList) => setChanged({ ...changed(), [updated.id]: updated });
  const hasOwnList = () => (lists() ?? []).some((l) => l.kind === 'custom' && l.project?.id === params.projectId && !current(l).archived);

  return (
    <>
      <h1>{t('lists.title')}</h1>
      <Show when={project()}>{(p) => <p class="help">{t('lists.forProject', { project: `${p().name} (${p().code})` })}</p>}</Show>
      <Loadable resource={positions} onRetry={refetchPositions}>
        {(items) => (
          <div class="toolbar">
            <div class="field">
              <label for="list-position">{t('lists.position')}</label>
              <select id="list-position" value={params.positionId ?? ''} onChange={(e) => {
                  setNotice('');
                  setParams({ positionId: e.currentTarget.value || undefined, listId: undefined });
                }}>
                <option value="">{t('lists.choosePosition')}</option>
                <For each={byInstrument(items)}>
                  {(group) => (
                    <optgroup label={group.instrument.name}>
                      <For each={group.positions}>{(p) => <option value={p.id}>{p.name}</option>}</For>
                    </optgroup>
                  )}
                </For>
              </select>
            </div>
          </div>
        )}
      </Loadable>
      <Show when={notice()}>
        <p class="message ok" role="status">
          {notice()}
        </p>
      </Show>
      <Show when={params.positionId}>
        <Loadable resource={lists} onRetry={refetch} isEmpty={(items) => items.length === 0}>
          {(items) => (
            <>
              <ListTabs lists={items.map(current)} selectedId={selectedId()} onSelect={setSelectedId} />
              <Show when={selectedId()} keyed>
                {(id) => (
                  <Show when={items.find((l) => l.id === id)}>
                    {(list) => (
                      <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`}>
                        <ListPanel
                          list={current(list())}
                          onChanged={replace}
                          onRemoved={(code) => {
                            setNotice(t('lists.customRemoved', { code }));
                            setSelectedId('');
                            refetch();
                          }}
                        />
                      </div>
                    )}
                  </Show>
                )}
              </Show>
            </>
          )}
        </Loadable>
      </Show>
      {/* Opened from a project that has no list of its own for this position yet: offer to make one. */}
      <Show when={params.projectId && params.positionId && lists.state === 'ready' && project.state === 'ready' && !project()!.archived && !hasOwnList()}>
        <CustomListForm
          projectId={params.projectId!}
          positionId={params.positionId}
          positions={positions() ?? []}
          onCreated={(list) => {
            setNotice(t('needs.customListCreated', { code: list.code }));
            setSelectedId(list.id);
            setParams({ listId: list.id });
            // The form goes away with the new list; the focus goes to the list, now shown for editing.
            void Promise.resolve(refetch()).then(() => queueMicrotask(() => document.getElementById(`list-title-${list.id}`)?.focus()));
          }}
        />
      </Show>
    </>
  );
}

/** Tabs with arrow-key movement between them, as the ARIA tabs pattern expects. */
function ListTabs(props: { lists: RankingList[]; selectedId: string; onSelect: (id: string) => void }) {
  const tabs: HTMLButtonElement[] = [];
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (index + step + props.lists.length) % props.lists.length;
    props.onSelect(props.lists[next].id);
    tabs[next]?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={t('lists.tabs')}>
      <For each={props.lists}>
        {(list, index) => (
          <button
            type="button"
            role="tab"
            id={`tab-${list.id}`}
            ref={(el) => (tabs[index()] = el)}
            aria-selected={list.id === props.selectedId}
            aria-controls={`panel-${list.id}`}
            tabIndex={list.id === props.selectedId ? 0 : -1}
            onClick={() => props.onSelect(list.id)}
            onKeyDown={(e) => onKeyDown(e, index())}
          >
            {listLabel(list)} <span class="help">({list.entries.length})</span>
          </button>
        )}
      </For>
    </div>
  );
}

function ListPanel(props: { list: RankingList; onChanged: (list: RankingList) => void; onRemoved: (code: string) => void }) {
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal('');
  const [saving, setSaving] = createSignal(0);
  let heading: HTMLHeadingElement | undefined;
  const readOnly = () => props.list.archived;

  // Rows keep one object per musician, so a new order moves the existing rows (and their focus) instead of
  // building new ones.
  const rowCache = new Map<string, { id: string }>();
  const rows = createMemo(() =>
    props.list.entries.map((e) => {
      const row = rowCache.get(e.musicianId) ?? { id: e.musicianId };
      rowCache.set(e.musicianId, row);
      return row;
    }),
  );
  const entry = (id: string) => props.list.entries.find((e) => e.musicianId === id);
  const nameOf = (row: { id: string }) => entry(row.id)?.name ?? row.id;

  const run = async (action: () => Promise<RankingList>, done?: string) => {
    setError(undefined);
    setNotice('');
    try {
      props.onChanged(await action());
      if (done) setNotice(done);
    } catch (err) {
      setError(err);
    }
  };

  // Each change sends the whole order once; the changes go out one after another, so the last one wins.
  let queue: Promise<unknown> = Promise.resolve();
  const reorder = (ids: string[]) => {
    const before = props.list;
    const byId = new Map(before.entries.map((e) => [e.musicianId, e]));
    props.onChanged({ ...before, entries: ids.map((id, i) => ({ ...byId.get(id)!, rank: i + 1 })) });
    setError(undefined);
    setSaving((n) => n + 1);
    queue = queue.then(async () => {
      try {
        props.onChanged(await api.put<RankingList>(`/api/ranking-lists/${before.id}/order`, { musicianIds: ids }));
      } catch (err) {
        setError(err);
        // Back to what the server holds; the message stays (reloading every list would rebuild this panel).
        props.onChanged(await api.get<RankingList>(`/api/ranking-lists/${before.id}`).catch(() => before));
      } finally {
        setSaving((n) => n - 1);
      }
    });
  };

  const remove = (entry: RankingListEntry) =>
    run(() => api.delete<RankingList>(`/api/ranking-lists/${props.list.id}/entries/${entry.musicianId}`), t('lists.removed', { name: entry.name })).then(() =>
      heading?.focus(),
    );

  return (
    <section aria-labelledby={`list-title-${props.list.id}`}>
      <h2 id={`list-title-${props.list.id}`} tabIndex={-1} ref={heading}>
        {props.list.instrument.name}: {props.list.position.name} · {listLabel(props.list)}
      </h2>
      <p class="help">
        {props.list.code} · {t('lists.count', { count: props.list.entries.length })}
        <Show when={props.list.usedByNeeds > 0}> · {t('lists.usedByNeeds', { count: props.list.usedByNeeds })}</Show>
      </p>
      <Show when={readOnly()}>
        <p class="message warning">{t('lists.archived')}</p>
      </Show>
      <DescriptionForm list={props.list} disabled={readOnly()} onSaved={props.onChanged} />
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <p class="visually-hidden" role="status">
        {notice()}
      </p>
      <Show when={saving() > 0}>
        <p class="help" role="status">
          {t('lists.saving')}
        </p>
      </Show>
      <Show when={props.list.entries.length > 0} fallback={<p class="empty">{t('lists.empty')}</p>}>
        <SortableList
          items={rows()}
          name={nameOf}
          label={`${props.list.position.name} ${listLabel(props.list)}`}
          disabled={readOnly()}
          onReorder={reorder}
          actions={(row) => (
            <Show when={!readOnly()}>
              <ConfirmButton
                label="✕"
                confirmLabel={t('lists.removeConfirm')}
                ariaLabel={t('lists.remove', { name: nameOf(row) })}
                question={t('lists.confirmRemoveEntry', { name: nameOf(row) })}
                onConfirm={() => remove(entry(row.id)!)}
              />
            </Show>
          )}
        >
          {(row) => (
            <>
              <span>{nameOf(row)}</span> <span class="help">{entry(row.id)?.code}</span>
              <Show when={entry(row.id)?.archived}>
                <span class="tag">{t('lists.archivedMusician')}</span>
              </Show>
              <Show when={entry(row.id) && !entry(row.id)!.active && !entry(row.id)!.archived}>
                <span class="tag">{t('lists.inactive')}</span>
              </Show>
              <Show when={entry(row.id)?.localResident}>
                <span class="tag">{t('lists.local')}</span>
              </Show>
            </>
          )}
        </SortableList>
      </Show>
      <Show when={!readOnly()}>
        <Show when={props.list.entries.length > 0}>
          <p>
            <ConfirmButton
              label={t('lists.clear')}
              question={t('lists.confirmClear', { count: props.list.entries.length, label: listLabel(props.list) })}
              onConfirm={() => run(() => api.post<RankingList>(`/api/ranking-lists/${props.list.id}/clear`), t('lists.cleared'))}
            />
          </p>
        </Show>
        <Show when={props.list.kind === 'custom'}>
          <p>
            <ConfirmButton
              label={t('lists.removeCustom')}
              question={t('lists.confirmRemoveCustom', { code: props.list.code })}
              onConfirm={async () => {
                setError(undefined);
                try {
                  // 204 when deleted; a list some need used comes back archived instead (SPEC §2).
                  const archived = await api.delete<RankingList | undefined>(`/api/ranking-lists/${props.list.id}`);
                  if (archived) props.onChanged(archived);
                  else props.onRemoved(props.list.code);
                } catch (err) {
                  setError(err);
                }
              }}
            />
          </p>
        </Show>
        <AddMusician list={props.list} onAdded={(list, name) => run(async () => list, t('lists.added', { name }))} />
      </Show>
    </section>
  );
}

function DescriptionForm(props: { list: RankingList; disabled: boolean; onSaved: (list: RankingList) => void }) {
  const [description, setDescription] = createSignal(props.list.description);
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const checked = validate(rankingListPatchBody, { description: description() });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    try {
      props.onSaved(await api.patch<RankingList>(`/api/ranking-lists/${props.list.id}`, checked.data));
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
      else setError(err);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} novalidate>
      <FormField id={`list-description-${props.list.id}`} label={t('lists.description')} error={fieldMessage(fields(), 'description')}>
        {(a) => <input {...a} value={description()} disabled={props.disabled} onInput={(e) => setDescription(e.currentTarget.value)} />}
      </FormField>
      <Show when={!props.disabled}>
        <button type="submit">{t('lists.saveDescription')}</button>
      </Show>
      <Show when={saved()}>
        <p class="message ok" role="status">
          {t('lists.descriptionSaved')}
        </p>
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
    </form>
  );
}

/** Musicians qualified for the position (the API refuses others, and its message is shown) not yet on the list. */
function AddMusician(props: { list: RankingList; onAdded: (list: RankingList, name: string) => void }) {
  const [search, setSearch] = createSignal('');
  const [query, setQuery] = createSignal('');
  const [error, setError] = createSignal<unknown>();
  const [candidates, { refetch }] = createResource(
    () => ({ positionId: props.list.position.id, search: query() }),
    (q) => api.get<Page<MusicianOption>>('/api/musicians', { ...q, limit: 20 }).then((p) => p.items),
  );
  const available = () => (candidates.latest ?? []).filter((m) => !props.list.entries.some((e) => e.musicianId === m.id));
  const add = async (musician: MusicianOption) => {
    setError(undefined);
    try {
      props.onAdded(await api.post<RankingList>(`/api/ranking-lists/${props.list.id}/entries`, { musicianId: musician.id }), musician.name);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="panel" aria-labelledby={`add-title-${props.list.id}`}>
      <h3 id={`add-title-${props.list.id}`}>{t('lists.add')}</h3>
      <form
        class="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(search().trim());
        }}
      >
        <div class="field">
          <label for={`add-search-${props.list.id}`}>{t('lists.addSearch')}</label>
          <input
            id={`add-search-${props.list.id}`}
            type="search"
            aria-describedby={`add-search-help-${props.list.id}`}
            value={search()}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
          <p class="help" id={`add-search-help-${props.list.id}`}>
            {t('lists.addSearchHelp')}
          </p>
        </div>
        <button type="submit">{t('projects.search')}</button>
      </form>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Loadable resource={candidates} onRetry={refetch}>
        {() => (
          <Show when={available().length > 0} fallback={<p class="empty">{t('lists.noCandidates')}</p>}>
            <ul class="plain-list candidates">
              <For each={available()}>
                {(m) => (
                  <li>
                    <span>
                      {m.name} <span class="help">{m.code}</span>
                      <Show when={m.status === 'inactive'}>
                        <span class="tag">{t('lists.inactive')}</span>
                      </Show>
                    </span>
                    <button type="button" aria-label={t('lists.addButton', { name: m.name })} onClick={() => add(m)}>
                      +
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loadable>
    </section>
  );
}
