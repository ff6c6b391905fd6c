import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Page } from '../../api/client';
import type { BackupMade, OrchestraBackup } from '../../api/superadmin-types';
import { ConfirmButton } from '../../components/confirm-button';
import { ErrorMessage } from '../../components/error-message';
import { Loadable } from '../../components/loadable';
import { locale, t } from '../../i18n/i18n';

const tag = () => (locale() === 'sv' ? 'sv-SE' : 'en-GB');

/** Date and time to the second: two backups minutes apart must read differently (row button names too). */
export const backupTime = (iso: string) => new Date(iso).toLocaleString(tag(), { dateStyle: 'medium', timeStyle: 'medium' });

/** Bytes as KB below one megabyte, MB above (1024-based, as file sizes are usually read). */
export function backupSize(bytes: number): string {
  const number = (n: number) => n.toLocaleString(tag(), { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${number(Math.max(bytes / 1024, 0.1))} KB` : `${number(bytes / (1024 * 1024))} MB`;
}

/** Where "Restore as new orchestra" leads: the orchestras page opens its create form with the key filled in. */
/** The create form filled in to restore a backup, with the backed-up orchestra's plan (a restore must fit its plan). */
export const restoreHref = (key: string, plan?: string) =>
  `/orchestras?restoreFrom=${encodeURIComponent(key)}${plan ? `&plan=${encodeURIComponent(plan)}` : ''}`;

/**
 * An orchestra's backups (SPEC §4): the list, "back up now" (active or suspended orchestras only: the others
 * have no database to read) and, per backup, a way to restore it into a new orchestra.
 */
export function OrchestraBackups(props: { orchestraId: string; orchestraName: string; canBackUp: boolean; plan?: string }) {
  const base = () => `/api/superadmin/orchestras/${props.orchestraId}`;
  const [backups, { refetch }] = createResource(base, (path) => api.get<Page<OrchestraBackup>>(`${path}/backups`));
  const [made, setMade] = createSignal<BackupMade>();
  const [error, setError] = createSignal<unknown>();

  async function backUp() {
    setError(undefined);
    setMade(undefined);
    try {
      setMade(await api.post<BackupMade>(`${base()}/backup`));
      await refetch();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section aria-labelledby="backups-heading">
      <h2 id="backups-heading">{t('backups.title')}</h2>
      <p class="help">{t('backups.intro')}</p>
      <Show when={props.canBackUp} fallback={<p class="help">{t('backups.onlyLive')}</p>}>
        <div class="row-actions">
          <ConfirmButton label={t('backups.backUpNow')} question={t('backups.confirm', { name: props.orchestraName })} onConfirm={backUp} />
        </div>
      </Show>
      <Show when={made()}>
        {(backup) => (
          <div class="message ok" role="status">
            <p>{t('backups.made', { key: backup().key, size: backupSize(backup().sizeBytes) })}</p>
            <details>
              <summary>{t('backups.rowCounts')}</summary>
              <ul>
                <For each={backup().tables}>{(table) => <li>{t('backups.tableRows', { table: table.name, rows: table.rows })}</li>}</For>
              </ul>
            </details>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Loadable resource={backups} onRetry={refetch} isEmpty={(page) => page.items.length === 0} empty={t('backups.empty')}>
        {(page) => (
          // A list rather than a table: the keys are long, and a phone should not need to scroll sideways.
          <ul class="plain-list" aria-labelledby="backups-heading">
            <For each={page.items}>
              {(backup) => (
                <li>
                  <strong>{backupTime(backup.createdAt)}</strong>
                  <span class="help">
                    {' '}
                    · {backupSize(backup.sizeBytes)} · {t('backups.by')}: {backup.createdBy?.email ?? t('backups.unknownMaker')}
                  </span>
                  <div class="code">
                    <span class="visually-hidden">{t('backups.key')}: </span>
                    {backup.key}
                  </div>
                  <div class="row-actions">
                    <A class="button" href={restoreHref(backup.key, props.plan)} aria-label={t('backups.restoreLabel', { date: backupTime(backup.createdAt) })}>
                      {t('backups.restore')}
                    </A>
                  </div>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loadable>
    </section>
  );
}
