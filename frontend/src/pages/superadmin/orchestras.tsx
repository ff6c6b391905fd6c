import { A, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api/client';
import type { OrchestraHealth, OrchestraList, OrchestraStatus } from '../../api/superadmin-types';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import { CreateOrchestraForm } from './create-orchestra-form';

const statuses: OrchestraStatus[] = ['provisioning', 'active', 'suspended', 'failed', 'archived'];

export function healthText(health: OrchestraHealth): string {
  if (health.status === 'ok') return t('superadmin.healthOk', { ms: health.latencyMs });
  if (health.status === 'unreachable') return t('superadmin.healthUnreachable');
  return t('superadmin.healthNone');
}

/**
 * Every orchestra with live figures and health from its own database, and the form to create one
 * (`?restoreFrom=<backup key>` opens it filled in to restore that backup).
 */
export default function OrchestrasPage() {
  const [params] = useSearchParams<{ restoreFrom?: string; plan?: string }>();
  const [search, setSearch] = createSignal('');
  const [status, setStatus] = createSignal<OrchestraStatus | ''>('');
  const [list, { refetch }] = createResource(
    () => ({ search: search(), status: status() }),
    (query) => api.get<OrchestraList>('/api/superadmin/orchestras', { ...query, limit: 100 }),
  );

  return (
    <>
      <h1>{t('superadmin.orchestrasTitle')}</h1>
      <div class="toolbar">
        <div class="field">
          <label for="orchestra-search">{t('superadmin.search')}</label>
          <input id="orchestra-search" type="search" aria-describedby="orchestra-search-help" value={search()} onChange={(e) => setSearch(e.currentTarget.value)} />
          <p class="help" id="orchestra-search-help">
            {t('superadmin.searchHelp')}
          </p>
        </div>
        <div class="field">
          <label for="orchestra-status">{t('superadmin.status')}</label>
          <select id="orchestra-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value as OrchestraStatus | '')}>
            <option value="">{t('superadmin.allStatuses')}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`superadmin.statusNames.${s}`)}</option>}</For>
          </select>
        </div>
      </div>
      <Loadable
        resource={list}
        onRetry={refetch}
        isEmpty={(l) => l.items.length === 0}
        empty={search() || status() ? t('superadmin.noMatch') : t('superadmin.noOrchestras')}
      >
        {(l) => (
          <>
            <p>
              {t('superadmin.totals', {
                orchestras: l.total,
                musicians: l.totals.musicians,
                projects: l.totals.activeProjects,
                pending: l.totals.pendingRequests,
              })}
            </p>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('superadmin.name')}</th>
                    <th scope="col">{t('superadmin.status')}</th>
                    <th scope="col">{t('superadmin.plan')}</th>
                    <th scope="col">{t('superadmin.musicians')}</th>
                    <th scope="col">{t('superadmin.activeProjects')}</th>
                    <th scope="col">{t('superadmin.pendingRequests')}</th>
                    <th scope="col">{t('superadmin.health')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={l.items}>
                    {(o) => (
                      <tr>
                        <td>
                          <A href={`/orchestras/${o.id}`}>{o.name}</A>
                          <div class="help">
                            {o.code} · {o.subdomain}
                          </div>
                        </td>
                        <td>{t(`superadmin.statusNames.${o.status}`)}</td>
                        <td>{t(`superadmin.planShort.${o.plan}`)}</td>
                        <td>{o.figures?.musicians ?? '–'}</td>
                        <td>{o.figures?.activeProjects ?? '–'}</td>
                        <td>{o.figures?.pendingRequests ?? '–'}</td>
                        <td classList={{ 'text-error': o.health.status === 'unreachable' }}>{healthText(o.health)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loadable>
      <Show when={!list.loading || list.latest}>
        <CreateOrchestraForm restoreFrom={params.restoreFrom || undefined} plan={params.plan || undefined} />
      </Show>
    </>
  );
}
