import { createComputed, createResource, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { api, type Page } from '../../api/client';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { Loadable } from '../../components/loadable';
import { SortableList } from '../../components/sortable-list';
import { t } from '../../i18n/i18n';
import { NameForm } from './instruments-name-form';
import type { Instrument } from './instruments-types';

/** Instruments in score order and their positions in seniority order: create, rename, reorder, archive, restore. */
export default function InstrumentsPage() {
  const [data, { refetch }] = createResource(() => api.get<Page<Instrument>>('/api/instruments', { includeArchived: true, limit: 500 }));
  // A store reconciled by id keeps each row's DOM node across reloads and reorders, so focus stays on a moved row.
  const [store, setStore] = createStore<{ items: Instrument[] }>({ items: [] });
  createComputed(() => {
    const loaded = data.latest;
    if (loaded) setStore('items', reconcile(loaded.items, { key: 'id' }));
  });
  const [error, setError] = createSignal<unknown>();
  const [status, setStatus] = createSignal('');
  const [renaming, setRenaming] = createSignal<string | null>(null);

  const live = () => store.items.filter((i) => !i.archived);
  const archived = () => store.items.filter((i) => i.archived);

  const focusLater = (id: string) => queueMicrotask(() => document.getElementById(id)?.focus());

  /** Runs a change, then reloads; a refusal (e.g. 409 "in use") is shown as the server wrote it. */
  async function act(run: () => Promise<unknown>, done: string, focusId?: string) {
    setError(undefined);
    try {
      await run();
      setStatus(done);
      await refetch();
      // The row left its list: put the focus on the heading of the list it was in, not on the page's end.
      if (focusId) focusLater(focusId);
    } catch (failure) {
      setError(failure);
    }
  }

  async function reorderInstruments(ids: string[]) {
    const byId = new Map(store.items.map((i) => [i.id, i]));
    setStore('items', [...ids.map((id) => byId.get(id)!), ...archived()]);
    setError(undefined);
    try {
      await api.put('/api/instruments/order', { instrumentIds: ids });
    } catch (failure) {
      setError(failure);
      await refetch();
    }
  }

  async function reorderPositions(instrument: Instrument, ids: string[]) {
    const byId = new Map(instrument.positions.map((p) => [p.id, p]));
    setStore(
      'items',
      (i) => i.id === instrument.id,
      'positions',
      [...ids.map((id) => byId.get(id)!), ...instrument.positions.filter((p) => p.archived)],
    );
    setError(undefined);
    try {
      await api.put(`/api/instruments/${instrument.id}/positions/order`, { positionIds: ids });
    } catch (failure) {
      setError(failure);
      await refetch();
    }
  }

  /** Creating: a refusal (a taken name) goes back to the name field instead of the page. */
  async function create(run: () => Promise<unknown>, done: string) {
    setError(undefined);
    await run();
    setStatus(done);
    await refetch();
  }

  async function rename(kind: 'instruments' | 'positions', id: string, name: string) {
    await api.patch(`/api/${kind}/${id}`, { name });
    setRenaming(null);
    setStatus(t('instruments.renamed', { name }));
    await refetch();
    // After the reload: the row's buttons carry the new name, so they are new elements.
    focusLater(`rename-${id}`);
  }

  const renameButton = (id: string, name: string) => (
    <button type="button" id={`rename-${id}`} aria-label={t('instruments.renameNamed', { name })} onClick={() => setRenaming(id)}>
      {t('instruments.rename')}
    </button>
  );

  const nameOrForm = (kind: 'instruments' | 'positions', item: { id: string; code: string; name: string }) => (
    <Show
      when={renaming() === item.id}
      fallback={
        <span>
          {item.name} <span class="code">{item.code}</span>
        </span>
      }
    >
      <NameForm
        id={`name-${item.id}`}
        label={t('instruments.newName', { name: item.name })}
        submitLabel={t('common.save')}
        initial={item.name}
        autofocus
        onSave={(name) => rename(kind, item.id, name)}
        onCancel={() => {
          setRenaming(null);
          focusLater(`rename-${item.id}`);
        }}
      />
    </Show>
  );

  return (
    <>
      <h1>{t('instruments.title')}</h1>
      <p class="visually-hidden" aria-live="polite">
        {status()}
      </p>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Loadable resource={data} onRetry={refetch}>
        {() => (
          <>
            <h2 id="score-order-title" tabindex="-1">
              {t('instruments.scoreOrder')}
            </h2>
            <p class="help">{t('instruments.reorderHelp')}</p>
            <Show when={live().length} fallback={<p class="empty">{t('instruments.none')}</p>}>
              <SortableList
                items={live()}
                label={t('instruments.scoreOrder')}
                name={(i) => i.name}
                onReorder={reorderInstruments}
                actions={(i) => (
                  <>
                    {renameButton(i.id, i.name)}
                    <ConfirmButton
                      label={t('instruments.archive')}
                      ariaLabel={t('instruments.archiveNamed', { name: i.name })}
                      question={t('instruments.confirmArchiveInstrument', { name: i.name })}
                      onConfirm={() => act(() => api.post(`/api/instruments/${i.id}/archive`), t('instruments.archived', { name: i.name }), 'score-order-title')}
                    />
                  </>
                )}
              >
                {(i) => nameOrForm('instruments', i)}
              </SortableList>
            </Show>
            <NameForm
              id="new-instrument"
              label={t('instruments.newInstrument')}
              submitLabel={t('instruments.create')}
              onSave={(name) => create(() => api.post('/api/instruments', { name }), t('instruments.created', { name }))}
            />

            <h2>{t('instruments.positionsTitle')}</h2>
            <p class="help">{t('instruments.positionsHelp')}</p>
            <For each={live()}>
              {(instrument) => {
                const livePositions = () => instrument.positions.filter((p) => !p.archived);
                const archivedPositions = () => instrument.positions.filter((p) => p.archived);
                return (
                  <section class="instrument-section" aria-labelledby={`instrument-${instrument.id}`}>
                    <h3 id={`instrument-${instrument.id}`} tabindex="-1">
                      {instrument.name}
                    </h3>
                    <Show when={livePositions().length} fallback={<p class="empty">{t('instruments.noPositions')}</p>}>
                      <SortableList
                        items={livePositions()}
                        label={t('instruments.seniorityOf', { name: instrument.name })}
                        name={(p) => p.name}
                        onReorder={(ids) => reorderPositions(instrument, ids)}
                        actions={(p) => (
                          <>
                            {renameButton(p.id, p.name)}
                            <ConfirmButton
                              label={t('instruments.archive')}
                              ariaLabel={t('instruments.archiveNamed', { name: p.name })}
                              question={t('instruments.confirmArchivePosition', { name: p.name })}
                              onConfirm={() => act(() => api.post(`/api/positions/${p.id}/archive`), t('instruments.archived', { name: p.name }), `instrument-${instrument.id}`)}
                            />
                          </>
                        )}
                      >
                        {(p) => nameOrForm('positions', p)}
                      </SortableList>
                    </Show>
                    <NameForm
                      id={`new-position-${instrument.id}`}
                      label={t('instruments.newPosition', { name: instrument.name })}
                      submitLabel={t('instruments.createPosition')}
                      onSave={(name) =>
                        create(() => api.post('/api/positions', { instrumentId: instrument.id, name }), t('instruments.created', { name }))
                      }
                    />
                    <Show when={archivedPositions().length}>
                      <h4>{t('instruments.archivedPositions')}</h4>
                      <ul class="plain-list">
                        <For each={archivedPositions()}>
                          {(p) => (
                            <li class="archived-row">
                              <span>
                                {p.name} <span class="code">{p.code}</span>
                              </span>
                              <button
                                type="button"
                                aria-label={t('instruments.restoreNamed', { name: p.name })}
                                onClick={() => act(() => api.post(`/api/positions/${p.id}/restore`), t('instruments.restored', { name: p.name }), `instrument-${instrument.id}`)}
                              >
                                {t('instruments.restore')}
                              </button>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </section>
                );
              }}
            </For>

            <h2>{t('instruments.archivedInstruments')}</h2>
            <Show when={archived().length} fallback={<p class="empty">{t('instruments.noArchived')}</p>}>
              <ul class="plain-list">
                <For each={archived()}>
                  {(i) => (
                    <li class="archived-row">
                      <span>
                        {i.name} <span class="code">{i.code}</span>
                        <Show when={i.positions.length}>
                          <span class="help"> — {i.positions.map((p) => p.name).join(', ')}</span>
                        </Show>
                      </span>
                      <button
                        type="button"
                        aria-label={t('instruments.restoreNamed', { name: i.name })}
                        onClick={() => act(() => api.post(`/api/instruments/${i.id}/restore`), t('instruments.restored', { name: i.name }), 'score-order-title')}
                      >
                        {t('instruments.restore')}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Loadable>
    </>
  );
}
