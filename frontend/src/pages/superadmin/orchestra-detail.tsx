import { useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api/client';
import type { OrchestraDetail, Plan } from '../../api/superadmin-types';
import { ErrorMessage } from '../../components/error-message';
import { Loadable } from '../../components/loadable';
import { usePolling } from '../../components/use-polling';
import { t } from '../../i18n/i18n';
import { OrchestraAdmins } from './orchestra-admins';
import { OrchestraBackups } from './orchestra-backups';
import { orchestraUrl } from './orchestra-url';
import { healthText } from './orchestras';
import { ProvisioningProgress } from './provisioning-progress';

/** One orchestra: provisioning progress (polled while it runs), figures, health, status actions, plan, admins, backups. */
export default function OrchestraDetailPage() {
  const params = useParams<{ id: string }>();
  const [orchestra, { refetch, mutate }] = createResource(
    () => params.id,
    (id) => api.get<OrchestraDetail>(`/api/superadmin/orchestras/${id}`),
  );
  usePolling(() => orchestra.latest?.status === 'provisioning', refetch);
  const [error, setError] = createSignal<unknown>();
  const [plan, setPlan] = createSignal<Plan>();

  async function change(action: 'suspend' | 'resume' | 'archive') {
    const current = orchestra.latest;
    if (!current) return;
    if (action === 'archive' && !confirm(t('superadmin.confirmArchive', { name: current.name }))) return;
    setError(undefined);
    try {
      await api.post(`/api/superadmin/orchestras/${current.id}/${action}`);
      await refetch();
    } catch (failure) {
      setError(failure);
    }
  }

  async function savePlan() {
    const current = orchestra.latest;
    if (!current || !plan()) return;
    setError(undefined);
    try {
      await api.patch(`/api/superadmin/orchestras/${current.id}`, { plan: plan() });
      mutate({ ...current, plan: plan()! });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Loadable resource={orchestra} onRetry={refetch}>
      {(o) => (
        <>
          <h1>{o.name}</h1>
          <p>
            {o.code} · {t(`superadmin.statusNames.${o.status}`)} ·{' '}
            <Show when={o.status === 'active'} fallback={o.subdomain}>
              <a href={orchestraUrl(o.subdomain)}>{t('superadmin.open', { url: orchestraUrl(o.subdomain) })}</a>
            </Show>
          </p>
          <ProvisioningProgress orchestra={o} />
          <Show when={o.figures}>
            {(figures) => (
              <dl class="figures">
                <div>
                  <dt>{t('superadmin.musicians')}</dt>
                  <dd>{figures().musicians}</dd>
                </div>
                <div>
                  <dt>{t('superadmin.activeProjects')}</dt>
                  <dd>{figures().activeProjects}</dd>
                </div>
                <div>
                  <dt>{t('superadmin.pendingRequests')}</dt>
                  <dd>{figures().pendingRequests}</dd>
                </div>
                <div>
                  <dt>{t('superadmin.health')}</dt>
                  <dd class="small">{healthText(o.health)}</dd>
                </div>
              </dl>
            )}
          </Show>
          <div class="row-actions">
            <Show when={o.status === 'active'}>
              <button type="button" onClick={() => change('suspend')}>
                {t('superadmin.suspend')}
              </button>
            </Show>
            <Show when={o.status === 'suspended'}>
              <button type="button" onClick={() => change('resume')}>
                {t('superadmin.resume')}
              </button>
            </Show>
            <Show when={o.status !== 'archived' && o.status !== 'provisioning'}>
              <button type="button" class="danger" onClick={() => change('archive')}>
                {t('superadmin.archive')}
              </button>
            </Show>
          </div>
          <div class="inline-form">
            <div class="field">
              <label for="orchestra-plan">{t('superadmin.plan')}</label>
              <select id="orchestra-plan" value={plan() ?? o.plan} onChange={(e) => setPlan(e.currentTarget.value as Plan)}>
                <For each={['small', 'medium', 'institution'] as Plan[]}>{(p) => <option value={p}>{p}</option>}</For>
              </select>
            </div>
            <button type="button" onClick={savePlan} disabled={!plan() || plan() === o.plan}>
              {t('superadmin.savePlan')}
            </button>
          </div>
          <Show when={error()}>
            <ErrorMessage error={error()} />
          </Show>
          <Show when={o.status === 'active' || o.status === 'suspended'}>
            <OrchestraAdmins orchestraId={o.id} />
          </Show>
          <Show when={o.status !== 'provisioning'}>
            <OrchestraBackups orchestraId={o.id} orchestraName={o.name} canBackUp={o.status === 'active' || o.status === 'suspended'} />
          </Show>
        </>
      )}
    </Loadable>
  );
}
