import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api } from '../../api/client';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';
import { auditActionText } from './audit-names';
import type { Dashboard, NeedAttention } from './dashboard-types';
import { formatDateTime } from './musician-format';

export default function DashboardPage() {
  const [dashboard, { refetch }] = createResource(() => api.get<Dashboard>('/api/dashboard'));
  const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <Loadable resource={dashboard} onRetry={refetch}>
        {(d) => (
          <>
            <For each={Object.values(d.plan.usage).filter((usage) => usage.warning)}>
              {(usage) => (
                <p class="message warning" role="status">
                  {t('dashboard.planWarning', { used: usage.used, limit: usage.limit ?? '∞', resource: t(`dashboard.resources.${usage.resource as 'musicians' | 'activeProjects' | 'admins'}`) })}
                </p>
              )}
            </For>
            <dl class="figures">
              <div>
                <dt>{t('dashboard.musiciansActive')}</dt>
                <dd>{d.musicians.active}</dd>
              </div>
              <div>
                <dt>{t('dashboard.musiciansInactive')}</dt>
                <dd>{d.musicians.inactive}</dd>
              </div>
              <div>
                <dt>{t('dashboard.upcomingProjects')}</dt>
                <dd>{d.upcomingProjects.total}</dd>
              </div>
              <div>
                <dt>{t('dashboard.pendingRequests')}</dt>
                <dd>{d.pendingRequests}</dd>
              </div>
              <div>
                <dt>{t('dashboard.answerRate')}</dt>
                <dd>{percent(d.answerRate.rate)}</dd>
              </div>
            </dl>
            <NeedList title={t('dashboard.exhaustedNeeds')} needs={d.exhaustedNeeds} />
            <NeedList title={t('dashboard.failingNeeds')} needs={d.failingDeliveryNeeds} />
            <h2>{t('dashboard.recentActivity')}</h2>
            <Show when={d.recentActivity.length} fallback={<p class="empty">{t('common.empty')}</p>}>
              <div class="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.at')}</th>
                      <th scope="col">{t('audit.actor')}</th>
                      <th scope="col">{t('audit.action')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={d.recentActivity}>
                      {(row) => (
                        <tr>
                          <td class="nowrap">{formatDateTime(row.at)}</td>
                          <td>{row.actor.email ?? '—'}</td>
                          <td>{auditActionText(row.action, row.entityType)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Loadable>
    </>
  );
}

function NeedList(props: { title: string; needs: NeedAttention[] }) {
  return (
    <Show when={props.needs.length}>
      <h2>{props.title}</h2>
      <ul>
        <For each={props.needs}>
          {(need) => (
            <li>
              <A href={`/projects/${need.project.id}`}>{need.project.name}</A> — {need.instrument.name}, {need.position.name}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
