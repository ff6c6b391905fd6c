import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api/client';
import type { MigrationOverview, MigrationRunSummary, MigrationRunDetail } from '../../api/superadmin-types';
import { ErrorMessage } from '../../components/error-message';
import { Loadable } from '../../components/loadable';
import { usePolling } from '../../components/use-polling';
import { t } from '../../i18n/i18n';
import { backupTime } from './orchestra-backups';

/** Schema versions of every orchestra, and migrate-all runs with each orchestra's result (polled while running). */
export default function MigrationsPage() {
  const [overview, { refetch }] = createResource(() => api.get<MigrationOverview>('/api/superadmin/migrations'));
  const [runId, setRunId] = createSignal<string>();
  const [run, { refetch: refetchRun }] = createResource(runId, (id) => api.get<MigrationRunDetail>(`/api/superadmin/migrations/runs/${id}`));
  const [error, setError] = createSignal<unknown>();
  let focusResult = false;
  const resultHeading = (el: HTMLElement) =>
    queueMicrotask(() => {
      if (!focusResult) return;
      focusResult = false;
      el.focus();
    });
  usePolling(
    () => run.latest?.status === 'running',
    async () => {
      await refetchRun();
      if (run.latest?.status !== 'running') await refetch();
    },
  );

  async function start() {
    setError(undefined);
    try {
      const started = await api.post<MigrationRunSummary>('/api/superadmin/migrations/run');
      setRunId(started.id);
      // The button is disabled while the run goes on, which drops the focus: it goes to the run's result instead.
      const shown = document.getElementById('run-heading');
      if (shown) shown.focus();
      else focusResult = true;
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <>
      <h1>{t('superadmin.migrationsTitle')}</h1>
      <Loadable resource={overview} onRetry={refetch}>
        {(o) => (
          <>
            <p>{t('superadmin.latestVersion', { version: o.latestVersion ?? '–' })}</p>
            <p role="status">{o.behind > 0 ? t('superadmin.behind', { count: o.behind }) : t('superadmin.allUpToDate')}</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('superadmin.name')}</th>
                  <th scope="col">{t('superadmin.schemaVersion')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={o.orchestras}>
                  {(orchestra) => (
                    <tr>
                      <td>{orchestra.name}</td>
                      <td>
                        {orchestra.schemaVersion ?? '–'} ({orchestra.upToDate ? t('superadmin.upToDate') : t('superadmin.outdated')})
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <p>
              <button type="button" class="primary" onClick={start} disabled={run.latest?.status === 'running'}>
                {t('superadmin.runAll')}
              </button>
            </p>
            <Show when={error()}>
              <ErrorMessage error={error()} />
            </Show>
            <Show when={o.runs.length}>
              <h2>{t('superadmin.runs')}</h2>
              <ul class="plain-list">
                <For each={o.runs}>
                  {(r) => (
                    <li>
                      <button type="button" class="link-button" onClick={() => setRunId(r.id)}>
                        {backupTime(r.startedAt)}
                      </button>{' '}
                      — {t(`superadmin.runStatus.${r.status}`)} ({r.targetVersion ?? '–'})
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Loadable>
      <Show when={run.latest}>
        {(r) => (
          <section aria-labelledby="run-heading">
            <h2 id="run-heading" tabindex="-1" ref={resultHeading}>
              {t('superadmin.result')}: {t(`superadmin.runStatus.${r().status}`)}
            </h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('superadmin.name')}</th>
                  <th scope="col">{t('superadmin.status')}</th>
                  <th scope="col">{t('superadmin.from')}</th>
                  <th scope="col">{t('superadmin.to')}</th>
                  <th scope="col">{t('superadmin.applied')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={r().results}>
                  {(result) => (
                    <tr>
                      <td>{result.name}</td>
                      <td classList={{ 'text-error': result.status === 'failed' }}>
                        {t(`superadmin.runStatus.${result.status}`)}
                        <Show when={result.error}>
                          <div class="help">{result.error}</div>
                        </Show>
                      </td>
                      <td>{result.fromVersion ?? '–'}</td>
                      <td>{result.toVersion ?? '–'}</td>
                      <td>{result.applied.join(', ') || '–'}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </section>
        )}
      </Show>
    </>
  );
}
