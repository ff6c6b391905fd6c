import { A, useLocation, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { api, ApiError } from '../../api/client';
import type { OrchestraDetail, Plan } from '../../api/superadmin-types';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { usePolling } from '../../components/use-polling';
import { t } from '../../i18n/i18n';
import { planLimits, type LimitedResource } from '../../../../shared/domain/plan-limits';
import { OrchestraAdmins } from './orchestra-admins';
import { OrchestraBackups } from './orchestra-backups';
import { orchestraUrl } from './orchestra-url';
import { healthText } from './orchestras';
import { ProvisioningProgress } from './provisioning-progress';
import { RetryProvisioning } from './retry-provisioning';

/**
 * What the orchestra holds beyond a plan's limits, in words ("150 musiker (högst 50)"). A restore or a move to a
 * smaller plan can put it there: nothing is removed, only adding more is refused, so the superadmin should see it.
 */
export function overPlan(orchestra: OrchestraDetail, plan: Plan): string[] {
  const used: Record<LimitedResource, number | undefined> = {
    musicians: orchestra.figures?.musicians,
    activeProjects: orchestra.figures?.activeProjects,
    admins: orchestra.admins,
  };
  return (Object.keys(used) as LimitedResource[]).flatMap((resource) => {
    const limit = planLimits[plan][resource];
    const count = used[resource];
    return limit !== null && count !== undefined && count > limit
      ? [t('superadmin.overPlanItem', { used: count, limit, what: t(`serverErrors.planNouns.${resource}`) })]
      : [];
  });
}

/** One orchestra: provisioning progress (polled while it runs) and another attempt when it failed, figures, health, status actions, plan, admins, backups. */
export default function OrchestraDetailPage() {
  const params = useParams<{ id: string }>();
  const location = useLocation<{ focusHeading?: boolean }>();
  // Arriving from "Skapa orkester": the focus goes to the heading (once), not the top of the document.
  let focusHeading = Boolean(location.state?.focusHeading);
  const takeHeadingFocus = (el: HTMLHeadingElement) =>
    queueMicrotask(() => {
      if (!focusHeading) return;
      focusHeading = false;
      el.focus();
    });
  const [orchestra, { refetch, mutate }] = createResource(
    () => params.id,
    (id) => api.get<OrchestraDetail>(`/api/superadmin/orchestras/${id}`),
  );
  // A failed run is followed too until its rollback has ended (it marks the orchestra failed first).
  usePolling(() => orchestra.latest?.status === 'provisioning' || orchestra.latest?.provisioning?.status === 'RUNNING', refetch);
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal<string>();
  const [plan, setPlan] = createSignal<Plan>();
  let noticeElement: HTMLParagraphElement | undefined;

  // Suspend and archive ask first, in the page (ConfirmButton); the outcome is said where the buttons were,
  // and the focus goes to it, since the button pressed is replaced by its opposite.
  async function change(action: 'suspend' | 'resume' | 'archive') {
    const current = orchestra.latest;
    if (!current) return;
    setError(undefined);
    setNotice(undefined);
    try {
      await api.post(`/api/superadmin/orchestras/${current.id}/${action}`);
      await refetch();
      if (action !== 'archive') {
        setNotice(action === 'suspend' ? t('superadmin.suspendedNotice', { name: current.name }) : t('superadmin.resumedNotice', { name: current.name }));
        queueMicrotask(() => noticeElement?.focus());
      }
    } catch (failure) {
      setError(failure);
    }
  }

  async function savePlan() {
    const current = orchestra.latest;
    if (!current || !plan()) return;
    setError(undefined);
    setNotice(undefined);
    try {
      await api.patch(`/api/superadmin/orchestras/${current.id}`, { plan: plan() });
      mutate({ ...current, plan: plan()! });
      setNotice(t('superadmin.planSaved', { plan: t(`superadmin.planShort.${plan()!}`) }));
      queueMicrotask(() => noticeElement?.focus());
    } catch (failure) {
      setError(failure);
    }
  }

  // Another attempt started: the page follows it as after creation, and the focus goes to its progress.
  async function retried() {
    setError(undefined);
    setNotice(undefined);
    await refetch();
    queueMicrotask(() => document.getElementById('provisioning-heading')?.focus());
  }

  // A wrong or stale id (404, or 400 for a garbled one) is no failure to retry: it is a page that does not exist.
  const missing = () => orchestra.error instanceof ApiError && (orchestra.error.status === 404 || orchestra.error.status === 400);

  return (
    <Show
      when={!missing()}
      fallback={
        <>
          <p class="message error" role="alert">
            {t('superadmin.notFound')}
          </p>
          <A href="/orchestras">{t('superadmin.toOrchestras')}</A>
        </>
      }
    >
      {/* Not Loadable: its content is drawn anew on every poll, which would drop the focus and repeat the
          live region every 1.5 s while the orchestra provisions. Here the page is drawn once and updates. */}
      <Switch>
        <Match when={orchestra.error}>
          <ErrorMessage error={orchestra.error} onRetry={refetch} />
        </Match>
        <Match when={orchestra.latest === undefined}>
          <p class="loading" role="status">
            {t('common.loading')}
          </p>
        </Match>
        <Match when={orchestra.latest}>
          {(o) => (
            <>
              <h1 tabIndex={-1} ref={takeHeadingFocus}>
                {o().name}
              </h1>
              <p>
                {o().code} · {t(`superadmin.statusNames.${o().status}`)} ·{' '}
                <Show when={o().status === 'active'} fallback={o().subdomain}>
                  <a href={orchestraUrl(o().subdomain)}>{t('superadmin.open', { url: orchestraUrl(o().subdomain) })}</a>
                </Show>
              </p>
              <ProvisioningProgress orchestra={o()} />
              <Show when={o().status === 'failed' && o().provisioning?.status !== 'RUNNING'}>
                <RetryProvisioning orchestra={o()} onStarted={retried} />
              </Show>
              <Show when={o().figures}>
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
                      <dd class="small">{healthText(o().health)}</dd>
                    </div>
                  </dl>
                )}
              </Show>
              <div class="row-actions">
                <Show when={o().status === 'active'}>
                  <ConfirmButton label={t('superadmin.suspend')} question={t('superadmin.confirmSuspend', { name: o().name })} onConfirm={() => change('suspend')} />
                </Show>
                <Show when={o().status === 'suspended'}>
                  <button type="button" onClick={() => change('resume')}>
                    {t('superadmin.resume')}
                  </button>
                </Show>
                <Show when={o().status !== 'archived' && o().status !== 'provisioning'}>
                  <ConfirmButton class="danger" label={t('superadmin.archive')} question={t('superadmin.confirmArchive', { name: o().name })} onConfirm={() => change('archive')} />
                </Show>
              </div>
              <Show when={notice()}>
                <p class="message ok" role="status" tabindex="-1" ref={noticeElement}>
                  {notice()}
                </p>
              </Show>
              <div class="inline-form">
                <div class="field">
                  <label for="orchestra-plan">{t('superadmin.plan')}</label>
                  <select id="orchestra-plan" aria-describedby={overPlan(o(), plan() ?? o().plan).length ? 'orchestra-plan-help orchestra-over-plan' : 'orchestra-plan-help'} value={plan() ?? o().plan} onChange={(e) => setPlan(e.currentTarget.value as Plan)}>
                    <For each={['small', 'medium', 'institution'] as Plan[]}>{(p) => <option value={p}>{t(`superadmin.planShort.${p}`)}</option>}</For>
                  </select>
                  <p class="help" id="orchestra-plan-help">
                    {t(`superadmin.planLimits.${plan() ?? o().plan}`)}
                  </p>
                  <Show when={overPlan(o(), plan() ?? o().plan).join(', ')}>
                    {(items) => (
                      <p class="message warning" id="orchestra-over-plan">
                        {t('superadmin.overPlan', { items: items() })}
                      </p>
                    )}
                  </Show>
                </div>
                <button type="button" onClick={savePlan} disabled={!plan() || plan() === o().plan}>
                  {t('superadmin.savePlan')}
                </button>
              </div>
              <Show when={error()}>
                <ErrorMessage error={error()} />
              </Show>
              <Show when={o().status === 'active' || o().status === 'suspended'}>
                <OrchestraAdmins orchestraId={o().id} />
              </Show>
              <Show when={o().status !== 'provisioning'}>
                <OrchestraBackups orchestraId={o().id} orchestraName={o().name} plan={o().plan} canBackUp={o().status === 'active' || o().status === 'suspended'} />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </Show>
  );
}
