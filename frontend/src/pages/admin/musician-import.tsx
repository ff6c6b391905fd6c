import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { musicianImportBody } from '../../../../shared/schemas/musicians';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { translateFieldMessage } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import type { ImportProblem, ImportReport } from './musician-types';

/**
 * The columns the API reads and some of the header names it accepts for each (shared/domain/musician-csv.ts;
 * restated so the app does not bundle the CSV parser). Header names are compared by letters only.
 */
const columns = [
  { key: 'firstName', names: 'Förnamn, First name', required: true },
  { key: 'lastName', names: 'Efternamn, Last name', required: true },
  { key: 'email', names: 'E-post, Email', required: true },
  { key: 'phone', names: 'Telefon, Mobil, Phone', required: false },
  { key: 'language', names: 'Språk, Language', required: false },
  { key: 'localResident', names: 'Lokalt boende, Local resident', required: false },
  { key: 'instrument', names: 'Instrument', required: true },
  { key: 'positions', names: 'Stämmor, Befattningar, Positions', required: true },
] as const;

const example = `Förnamn;Efternamn;E-post;Telefon;Språk;Lokalt boende;Instrument;Stämmor
Anna;Berg;anna.berg@example.org;070-123 45 67;sv;ja;Violin;Tutti violin 1|Stämledare violin 1
John;Smith;john@example.org;;en;nej;Cello;Tutti cello`;

/** CSV import: check first (dry run, every problem by line), then import, all rows or none. */
export default function MusicianImportPage() {
  const [csv, setCsv] = createSignal('');
  const [fileName, setFileName] = createSignal('');
  // The report belongs to the text it checked; any edit asks for a new check.
  const [report, setReport] = createSignal<ImportReport>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal<'check' | 'import' | null>(null);

  const changeText = (text: string) => {
    setCsv(text);
    setReport(undefined);
    setError(undefined);
  };

  function chooseFile(file: File | undefined) {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      setFileName(file.name);
      changeText(String(reader.result ?? ''));
    };
    reader.onerror = () => setError(new Error(t('musicians.fileUnreadable', { name: file.name })));
    reader.readAsText(file);
  }

  async function send(dryRun: boolean) {
    setError(undefined);
    const checked = musicianImportBody.safeParse({ csv: csv(), dryRun });
    if (!checked.success) return setError(new Error(t('musicians.csvEmpty')));
    setBusy(dryRun ? 'check' : 'import');
    try {
      setReport(await api.post<ImportReport>('/api/musicians/import', checked.data));
    } catch (failure) {
      // A refused real run carries the dry run's report beside the error: show its problems too.
      const details = failure instanceof ApiError ? (failure.details as Partial<ImportReport> | undefined) : undefined;
      if (details && Array.isArray(details.problems)) setReport({ ...(details as ImportReport), dryRun: true });
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  const canImport = () => {
    const r = report();
    return r !== undefined && r.dryRun && r.problems.length === 0 && r.valid > 0 && r.planRefusal === null;
  };

  return (
    <>
      <p>
        <A href="/musicians">← {t('musicians.backToList')}</A>
      </p>
      <h1>{t('musicians.importTitle')}</h1>
      <p>{t('musicians.importIntro')}</p>
      <details class="panel import-columns" open>
        <summary>{t('musicians.columnsTitle')}</summary>
        <p class="help">{t('musicians.columnsHelp')}</p>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('musicians.column')}</th>
                <th scope="col">{t('musicians.headerNames')}</th>
                <th scope="col">{t('musicians.columnRule')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={columns}>
                {(c) => (
                  <tr>
                    <td>
                      {t(`musicians.csvColumns.${c.key}`)} <span class="help">({c.required ? t('musicians.required') : t('musicians.optional')})</span>
                    </td>
                    <td>{c.names}</td>
                    <td>{t(`musicians.csvRules.${c.key}`)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <p>{t('musicians.example')}</p>
        <pre class="csv-example">{example}</pre>
      </details>

      <div class="field">
        <label for="import-file">{t('musicians.chooseFile')}</label>
        <input id="import-file" type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => chooseFile(e.currentTarget.files?.[0])} />
        <Show when={fileName()}>
          <p class="help">{t('musicians.fileLoaded', { name: fileName() })}</p>
        </Show>
      </div>
      <div class="field">
        <label for="import-csv">{t('musicians.csvText')}</label>
        <textarea id="import-csv" rows={10} class="mono" aria-describedby="import-csv-help" value={csv()} onInput={(e) => changeText(e.currentTarget.value)} />
        <p class="help" id="import-csv-help">
          {t('musicians.csvHelp')}
        </p>
      </div>
      <div class="row-actions">
        <button type="button" disabled={busy() !== null || !csv().trim()} onClick={() => send(true)}>
          {busy() === 'check' ? t('musicians.checking') : t('musicians.check')}
        </button>
        <button type="button" class="primary" disabled={busy() !== null || !canImport()} aria-describedby="import-button-help" onClick={() => send(false)}>
          {busy() === 'import' ? t('musicians.importing') : t('musicians.import')}
        </button>
      </div>
      <p class="help" id="import-button-help">
        {t('musicians.importNeedsCheck')}
      </p>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Show when={report()}>{(r) => <ImportReportView report={r()} />}</Show>
    </>
  );
}

function ImportReportView(props: { report: ImportReport }) {
  const r = () => props.report;
  return (
    <section aria-labelledby="import-report-title" aria-live="polite">
      <h2 id="import-report-title">{r().dryRun ? t('musicians.checkReport') : t('musicians.importReport')}</h2>
      <p>{t('musicians.reportRows', { rows: r().rows, valid: r().valid })}</p>
      <Show when={!r().dryRun}>
        <p class="message ok" role="status">
          {t('musicians.imported', { count: r().created.length })}
        </p>
        <ul class="inline-list">
          <For each={r().created}>
            {(c) => (
              <li>
                <A href={`/musicians/${c.id}`}>{c.code}</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={r().planRefusal}>
        <p class="message error">{r().planRefusal}</p>
      </Show>
      <Show when={r().dryRun && r().problems.length === 0 && r().rows > 0 && !r().planRefusal}>
        <p class="message ok" role="status">
          {t('musicians.noProblems')}
        </p>
      </Show>
      <Show when={r().problems.length > 0}>
        <ProblemTable problems={r().problems} />
      </Show>
    </section>
  );
}

function ProblemTable(props: { problems: ImportProblem[] }) {
  return (
    <>
      <h3>{t('musicians.problems', { count: props.problems.length })}</h3>
      <div class="table-scroll">
        <table class="import-problems">
          <thead>
            <tr>
              <th scope="col">{t('musicians.line')}</th>
              <th scope="col">{t('musicians.field')}</th>
              <th scope="col">{t('musicians.problem')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.problems}>
              {(p) => (
                <tr>
                  <td>{p.line}</td>
                  <td>{fieldName(p.field)}</td>
                  <td>{translateFieldMessage(p.message)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

const knownFields = ['firstName', 'lastName', 'email', 'phone', 'language', 'localResident', 'instrument', 'positions', 'header', 'csv'] as const;
const fieldName = (field: string) =>
  (knownFields as readonly string[]).includes(field) ? t(`musicians.csvColumns.${field as (typeof knownFields)[number]}`) : field;
