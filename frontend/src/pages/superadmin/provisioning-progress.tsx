import { For, Match, Show, Switch } from 'solid-js';
import type { OrchestraDetail } from '../../api/superadmin-types';
import { t } from '../../i18n/i18n';

export const knownSteps = ['Validate', 'CreateDatabase', 'Migrate', 'Seed', 'MigrateToLatest', 'Activate', 'InviteAdmin', 'Compensate', 'RollBackInterrupted'] as const;

/** A workflow state's name (infra/workflows/provision-orchestra.asl.json) in words; an unknown one as it is. */
export function stepName(step: string): string {
  return (knownSteps as readonly string[]).includes(step) ? t(`superadmin.steps.${step as (typeof knownSteps)[number]}`) : step;
}

/**
 * The provisioning workflow step by step, as the execution history (or the local run) reports it. An orchestra
 * with no workflow to show (the demo, made at first start) gets no section rather than an empty heading.
 */
export function ProvisioningProgress(props: { orchestra: OrchestraDetail }) {
  const shown = () =>
    props.orchestra.status === 'provisioning' || props.orchestra.status === 'failed' || Boolean(props.orchestra.provisioning?.steps.length);
  const stepStatus = (status: 'running' | 'succeeded' | 'failed') =>
    ({ running: t('superadmin.stepRunning'), succeeded: t('superadmin.stepSucceeded'), failed: t('superadmin.stepFailed') })[status];
  return (
    <Show when={shown()}>
      <section aria-labelledby="provisioning-heading">
        <h2 id="provisioning-heading" tabIndex={-1}>
          {t('superadmin.provisioning')}
        </h2>
        <div role="status" aria-live="polite">
          <Switch>
            <Match when={props.orchestra.status === 'provisioning'}>
              <p class="message">{t('superadmin.progressRunning')}</p>
            </Match>
            <Match when={props.orchestra.status === 'failed'}>
              <p class="message error">
                {t('superadmin.progressFailed', { step: props.orchestra.failedStep ? stepName(props.orchestra.failedStep) : '?', cause: props.orchestra.failureCause ?? '' })}
              </p>
            </Match>
            <Match when={props.orchestra.provisioning?.status === 'SUCCEEDED'}>
              <p class="message ok">{t('superadmin.progressDone')}</p>
            </Match>
          </Switch>
        </div>
        <Show when={props.orchestra.provisioning?.steps.length}>
          <ol class="steps">
            <For each={props.orchestra.provisioning!.steps}>
              {(step) => (
                <li class={`step step-${step.status}`}>
                  <span class="step-name">{stepName(step.step)}</span> — {stepStatus(step.status)}
                  <Show when={step.attempts > 1}>
                    {' '}
                    ({t('superadmin.attempts')}: {step.attempts})
                  </Show>
                  <Show when={step.error}>
                    <div class="help">
                      {step.error}: {step.cause}
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
    </Show>
  );
}
