import { Show } from 'solid-js';
import { t } from '../i18n/i18n';

/** The words a staffing bar says, so screen readers and tests read the same thing the eye sees. */
export function staffingText(accepted: number, needed: number): string {
  return needed === 0 ? t('projects.staffingNone') : t('projects.staffingText', { accepted, needed, count: needed });
}

/**
 * Staffing = accepted ÷ seats needed (SPEC §2) as a bar with its text beside it; the bar itself is
 * decoration (the text carries the meaning), so it is hidden from assistive technology.
 */
export function StaffingBar(props: { accepted: number; needed: number; pending?: number }) {
  const share = () => (props.needed === 0 ? 0 : Math.min(1, props.accepted / props.needed));
  return (
    <div class="staffing">
      <span class="staffing-bar" aria-hidden="true">
        <span classList={{ 'staffing-fill': true, full: props.needed > 0 && share() >= 1 }} style={{ width: `${Math.round(share() * 100)}%` }} />
      </span>
      <span class="staffing-text">
        {staffingText(props.accepted, props.needed)}
        <Show when={props.pending}>
          <span class="help"> · {t('projects.staffingPending', { pending: props.pending ?? 0 })}</span>
        </Show>
      </span>
    </div>
  );
}
