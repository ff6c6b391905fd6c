import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api/client';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import { loadInstruments } from './musician-api';
import { formatDate, qualificationGroups } from './musician-format';
import type { MusicianList, MusicianStatus } from './musician-types';

const pageSize = 50;
const statuses: MusicianStatus[] = ['active', 'inactive', 'archived'];
const sorts = ['lastName', 'firstName', 'code', 'createdAt'] as const;
type QueryKey = 'search' | 'instrumentId' | 'positionId' | 'status' | 'localResident' | 'sort' | 'order' | 'offset';

/** The orchestra's musicians: search, filters, sort and paging, with the plan's usage warning. */
export default function MusiciansPage() {
  // The question lives in the address, so Back from a profile returns to the same search, filters and page.
  const [params, setParams] = useSearchParams<Record<QueryKey, string>>();
  const param = (key: QueryKey) => params[key] ?? '';
  const search = () => param('search');
  const instrumentId = () => param('instrumentId');
  const positionId = () => param('positionId');
  const status = () => param('status') as MusicianStatus | '';
  const localResident = () => param('localResident') as '' | 'true' | 'false';
  const sort = () => (param('sort') || 'lastName') as (typeof sorts)[number];
  const order = () => (param('order') || 'asc') as 'asc' | 'desc';
  const offset = () => Math.max(0, Number(param('offset')) || 0);
  const [searchText, setSearchText] = createSignal(search());

  const [instruments] = createResource(loadInstruments);
  const positions = createMemo(() => instruments.latest?.find((i) => i.id === instrumentId())?.positions ?? []);
  const query = () => ({
    search: search(),
    instrumentId: instrumentId(),
    positionId: positionId(),
    status: status(),
    localResident: localResident(),
    sort: sort(),
    order: order(),
    limit: pageSize,
    offset: offset(),
  });
  const [list, { refetch }] = createResource(query, (q) => api.get<MusicianList>('/api/musicians', q));

  // Any change of the question starts again on the first page; empty values leave the address.
  const setFilter = (changes: Partial<Record<QueryKey, string>>) =>
    setParams(Object.fromEntries(Object.entries({ ...changes, offset: '' }).map(([k, v]) => [k, v || undefined])));
  const setOffset = (next: number) => setParams({ offset: next > 0 ? String(next) : undefined });

  return (
    <>
      <div class="page-heading">
        <h1>{t('musicians.title')}</h1>
        <div class="row-actions">
          <A class="button primary" href="/musicians/new">
            {t('musicians.add')}
          </A>
          <A class="button" href="/musicians/import">
            {t('musicians.importLink')}
          </A>
        </div>
      </div>
      <form
        class="toolbar musician-filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ search: searchText().trim() });
        }}
      >
        <div class="field">
          <label for="musician-search">{t('musicians.search')}</label>
          <div class="input-with-button">
            <input id="musician-search" type="search" aria-describedby="musician-search-help" value={searchText()} onInput={(e) => setSearchText(e.currentTarget.value)} />
            <button type="submit">{t('musicians.searchButton')}</button>
          </div>
          <p class="help" id="musician-search-help">
            {t('musicians.searchHelp')}
          </p>
        </div>
        <div class="field">
          <label for="musician-instrument">{t('musicians.instrument')}</label>
          <select
            id="musician-instrument"
            value={instrumentId()}
            onChange={(e) => setFilter({ instrumentId: e.currentTarget.value, positionId: '' })}
          >
            <option value="">{t('musicians.allInstruments')}</option>
            {/* Options arrive after the select; `selected` keeps a choice read from the address. */}
            <For each={instruments.latest ?? []}>
              {(i) => (
                <option value={i.id} selected={i.id === instrumentId()}>
                  {i.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="musician-position">{t('musicians.position')}</label>
          <select id="musician-position" value={positionId()} disabled={!instrumentId()} onChange={(e) => setFilter({ positionId: e.currentTarget.value })}>
            <option value="">{t('musicians.allPositions')}</option>
            <For each={positions()}>
              {(p) => (
                <option value={p.id} selected={p.id === positionId()}>
                  {p.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="musician-status">{t('musicians.status')}</label>
          <select id="musician-status" value={status()} onChange={(e) => setFilter({ status: e.currentTarget.value })}>
            <option value="">{t('musicians.statusCurrent')}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`musicians.statusNames.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="musician-resident">{t('musicians.localResident')}</label>
          <select id="musician-resident" value={localResident()} onChange={(e) => setFilter({ localResident: e.currentTarget.value })}>
            <option value="">{t('musicians.anyResidence')}</option>
            <option value="true">{t('musicians.yes')}</option>
            <option value="false">{t('musicians.no')}</option>
          </select>
        </div>
        <div class="field">
          <label for="musician-sort">{t('musicians.sort')}</label>
          <select id="musician-sort" value={sort()} onChange={(e) => setFilter({ sort: e.currentTarget.value })}>
            <For each={sorts}>{(s) => <option value={s}>{t(`musicians.sorts.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="musician-order">{t('musicians.order')}</label>
          <select id="musician-order" value={order()} onChange={(e) => setFilter({ order: e.currentTarget.value })}>
            <option value="asc">{t('musicians.ascending')}</option>
            <option value="desc">{t('musicians.descending')}</option>
          </select>
        </div>
      </form>
      <Loadable resource={list} onRetry={refetch}>
        {(l) => (
          <>
            <Show when={l.plan.warning}>
              <p class="message warning" role="status">
                {t('musicians.planWarning', { used: l.plan.used, limit: l.plan.limit ?? '∞' })}
              </p>
            </Show>
            <Show when={l.items.length > 0} fallback={<p class="empty">{t('musicians.noneFound')}</p>}>
              <p aria-live="polite">{t('musicians.showing', { from: offset() + 1, to: offset() + l.items.length, total: l.total })}</p>
              <div class="table-scroll" aria-busy={list.loading}>
                <table class="musician-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('musicians.name')}</th>
                      <th scope="col">{t('musicians.email')}</th>
                      <th scope="col">{t('musicians.phone')}</th>
                      <th scope="col">{t('musicians.qualifications')}</th>
                      <th scope="col">{t('musicians.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={l.items}>
                      {(m) => (
                        <tr>
                          <td>
                            <A href={`/musicians/${m.id}`}>{m.lastName}, {m.firstName}</A>
                            <div class="help">{m.code}</div>
                          </td>
                          <td>
                            <span class="nowrap">{m.email ?? '–'}</span>
                            <Show when={m.emailStatus === 'failing'}>
                              <div>
                                <span class="badge badge-error" title={t('musicians.emailFailingHelp')}>
                                  {m.emailStatusChangedAt ? t('musicians.emailFailingSince', { date: formatDate(m.emailStatusChangedAt) }) : t('musicians.emailFailing')}
                                </span>
                              </div>
                            </Show>
                          </td>
                          <td class="nowrap">{m.phone ?? '–'}</td>
                          <td>
                            <For each={qualificationGroups(m.qualifications)} fallback={<span class="help">–</span>}>
                              {(g) => (
                                <div>
                                  <strong>{g.instrument}:</strong> {g.positions.join(', ')}
                                </div>
                              )}
                            </For>
                          </td>
                          <td>
                            {t(`musicians.statusNames.${m.status}`)}
                            <Show when={m.localResident}>
                              <div class="help">{t('musicians.localResidentShort')}</div>
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <nav class="pager" aria-label={t('musicians.paging')}>
                <button type="button" disabled={offset() === 0} onClick={() => setOffset(Math.max(0, offset() - pageSize))}>
                  {t('musicians.previous')}
                </button>
                <button type="button" disabled={offset() + l.items.length >= l.total} onClick={() => setOffset(offset() + pageSize)}>
                  {t('musicians.next')}
                </button>
              </nav>
            </Show>
          </>
        )}
      </Loadable>
    </>
  );
}
