import { createResource, For, Show } from 'solid-js';
import { api } from '../../api/client';
import { Loadable } from '../../components/loadable';
import { t } from '../../i18n/i18n';

/** What GET /api/dashboard answers (docs/api.md). */
interface Dashboard {
  musicians: { active: number; inactive: number };
  upcomingProjects: number;
  pendingRequests: number;
  answerRate30Days: number | null;
  exhaustedNeeds: { needId: string; projectId: string; projectName: string; positionName: string }[];
  failingNeeds: { needId: string; projectId: string; projectName: string; positionName: string }[];
  recentActivity: { id: string; at: string; actorEmail: string | null; action: string; entityType: string }[];
  plan: { resource: string; used: number; limit: number | null; warning: boolean }[];
}

export default function DashboardPage() {
  const [dashboard, { refetch }] = createResource(() => api.get<Dashboard>('/api/dashboard'));
  const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <Loadable resource={dashboard} onRetry={refetch}>
        {(d) => (
          <>
            <For each={d.plan.filter((usage) => usage.warning)}>
              {(usage) => (
                <p class="message warning" role="status">
                  {t('dashboard.planWarning', { used: usage.used, limit: usage.limit ?? '∞', resource: usage.resource })}
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
                <dd>{d.upcomingProjects}</dd>
              </div>
              <div>
                <dt>{t('dashboard.pendingRequests')}</dt>
                <dd>{d.pendingRequests}</dd>
              </div>
              <div>
                <dt>{t('dashboard.answerRate')}</dt>
                <dd>{percent(d.answerRate30Days)}</dd>
              </div>
            </dl>
            <NeedList title={t('dashboard.exhaustedNeeds')} needs={d.exhaustedNeeds} />
            <NeedList title={t('dashboard.failingNeeds')} needs={d.failingNeeds} />
            <h2>{t('dashboard.recentActivity')}</h2>
            <Show when={d.recentActivity.length} fallback={<p class="empty">{t('common.empty')}</p>}>
              <table>
                <tbody>
                  <For each={d.recentActivity}>
                    {(row) => (
                      <tr>
                        <td>{new Date(row.at).toLocaleString()}</td>
                        <td>{row.actorEmail ?? '—'}</td>
                        <td>
                          {row.action} · {row.entityType}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Loadable>
    </>
  );
}

function NeedList(props: { title: string; needs: Dashboard['exhaustedNeeds'] }) {
  return (
    <Show when={props.needs.length}>
      <h2>{props.title}</h2>
      <ul>
        <For each={props.needs}>
          {(need) => (
            <li>
              {need.projectName} — {need.positionName}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
