import { createResource, createSignal, For, Show } from 'solid-js';
import { conflictModes, settingsPatchBody } from '../../../../shared/schemas/settings';
import { api, ApiError, type FieldError } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import type { ConflictMode, Settings } from './settings-types';

/** The browser's zone list, with UTC and the saved zone kept even if this browser does not list them. */
function timeZones(current: string): string[] {
  const zones = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  zones.add('UTC');
  zones.add(current);
  return [...zones].sort();
}

export default function SettingsPage() {
  const [settings, { refetch }] = createResource(() => api.get<Settings>('/api/settings'));
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <Loadable resource={settings} onRetry={refetch}>
        {(s) => <SettingsForm settings={s} />}
      </Loadable>
    </>
  );
}

function SettingsForm(props: { settings: Settings }) {
  const [current, setCurrent] = createSignal(props.settings);
  const [orchestraName, setOrchestraName] = createSignal(props.settings.orchestraName);
  const [reminderPercent, setReminderPercent] = createSignal(String(props.settings.reminderPercent));
  const [conflictMode, setConflictMode] = createSignal<ConflictMode>(props.settings.conflictMode);
  const [timeZone, setTimeZone] = createSignal(props.settings.timeZone);
  const [senderName, setSenderName] = createSignal(props.settings.senderName);
  const [replyTo, setReplyTo] = createSignal(props.settings.replyTo ?? '');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const zones = timeZones(props.settings.timeZone);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const percent = reminderPercent().trim();
    const checked = validate(settingsPatchBody, {
      orchestraName: orchestraName(),
      // An empty or non-numeric field stays text so the schema names it ("must be a number").
      reminderPercent: percent !== '' && Number.isFinite(Number(percent)) ? Number(percent) : percent,
      conflictMode: conflictMode(),
      timeZone: timeZone(),
      senderName: senderName(),
      replyTo: replyTo(),
    });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      const next = await api.patch<Settings>('/api/settings', checked.data);
      setCurrent(next);
      setSaved(true);
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length) setFields(failure.fields);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const usage = () => Object.values(current().plan.usage);
  return (
    <>
      <form onSubmit={submit} novalidate class="settings-form">
        <FormField id="settings-orchestra-name" label={t('settings.orchestraName')} error={fieldMessage(fields(), 'orchestraName')}>
          {(attrs) => <input {...attrs} value={orchestraName()} onInput={(e) => setOrchestraName(e.currentTarget.value)} />}
        </FormField>
        <FormField
          id="settings-reminder"
          label={t('settings.reminderPercent')}
          help={t('settings.reminderHelp')}
          error={fieldMessage(fields(), 'reminderPercent')}
        >
          {(attrs) => (
            <input {...attrs} type="number" inputmode="numeric" min="1" max="99" value={reminderPercent()} onInput={(e) => setReminderPercent(e.currentTarget.value)} />
          )}
        </FormField>
        <fieldset class="choice-group" aria-describedby={fieldMessage(fields(), 'conflictMode') ? 'settings-conflict-error' : undefined}>
          <legend>{t('settings.conflictMode')}</legend>
          <For each={conflictModes}>
            {(mode) => (
              <div class="choice">
                <input
                  type="radio"
                  name="conflictMode"
                  id={`settings-conflict-${mode}`}
                  value={mode}
                  checked={conflictMode() === mode}
                  aria-describedby={`settings-conflict-${mode}-help`}
                  onChange={() => setConflictMode(mode)}
                />
                <label for={`settings-conflict-${mode}`}>{t(`settings.conflict.${mode}`)}</label>
                <p class="help" id={`settings-conflict-${mode}-help`}>
                  {t(`settings.conflictHelp.${mode}`)}
                </p>
              </div>
            )}
          </For>
          <Show when={fieldMessage(fields(), 'conflictMode')}>
            <p class="field-error" id="settings-conflict-error">
              {fieldMessage(fields(), 'conflictMode')}
            </p>
          </Show>
        </fieldset>
        <FormField id="settings-time-zone" label={t('settings.timeZone')} error={fieldMessage(fields(), 'timeZone')}>
          {(attrs) => (
            // The options are inserted after the select's value is set, so each option says whether it is the
            // chosen one; otherwise the browser shows the first zone while the saved one is another.
            <select {...attrs} value={timeZone()} onChange={(e) => setTimeZone(e.currentTarget.value)}>
              <For each={zones}>
                {(zone) => (
                  <option value={zone} selected={zone === timeZone()}>
                    {zone}
                  </option>
                )}
              </For>
            </select>
          )}
        </FormField>
        <FormField id="settings-sender" label={t('settings.senderName')} help={t('settings.senderHelp')} error={fieldMessage(fields(), 'senderName')}>
          {(attrs) => <input {...attrs} value={senderName()} onInput={(e) => setSenderName(e.currentTarget.value)} />}
        </FormField>
        <FormField id="settings-reply-to" label={t('settings.replyTo')} help={t('settings.replyToHelp')} error={fieldMessage(fields(), 'replyTo')}>
          {(attrs) => <input {...attrs} type="email" value={replyTo()} onInput={(e) => setReplyTo(e.currentTarget.value)} />}
        </FormField>
        <Show when={error()}>
          <ErrorMessage error={error()} />
        </Show>
        <Show when={saved()}>
          <p class="message ok" role="status">
            {t('settings.saved')}
          </p>
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('common.saving') : t('common.save')}
        </button>
      </form>

      <h2>{t('settings.plan', { plan: current().plan.name })}</h2>
      <dl class="figures">
        <For each={usage()}>
          {(u) => (
            <div>
              <dt>{t(`settings.resources.${u.resource}`)}</dt>
              <dd class="small">
                {u.limit === null ? t('settings.usageUnlimited', { used: u.used }) : t('settings.usage', { used: u.used, limit: u.limit })}
                <Show when={u.warning}>
                  <span class="text-error"> {t('settings.nearLimit')}</span>
                </Show>
              </dd>
            </div>
          )}
        </For>
      </dl>
    </>
  );
}
