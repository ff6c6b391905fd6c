import { createResource, createSignal, For, Show } from 'solid-js';
import { auditQuery } from '../../../../shared/schemas/audit';
import { api, type FieldError, type Page } from '../../api/client';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { auditChanges, auditValue } from './audit-diff';
import { auditActions, auditActionText, auditEntityName, auditEntityTypes } from './audit-names';
import type { AuditItem } from './audit-types';
import { formatDateTime } from './musician-format';

interface Filters {
  entityType: string;
  action: string;
  actor: string;
  from: string;
  to: string;
}

const pageSize = 25;
const emptyFilters: Filters = { entityType: '', action: '', actor: '', from: '', to: '' };

/** A moment in the chosen language's format; also names a row's toggle button. */
const when = (at: string) => formatDateTime(at, true);

/** Only the filters that are filled in, as the API's query takes them. */
const query = (filters: Filters) => Object.fromEntries(Object.entries(filters).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));

export default function AuditPage() {
  const [draft, setDraft] = createSignal<Filters>(emptyFilters);
  const [applied, setApplied] = createSignal<{ filters: Filters; offset: number }>({ filters: emptyFilters, offset: 0 });
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [open, setOpen] = createSignal<Set<number>>(new Set());
  const [log, { refetch }] = createResource(applied, (a) =>
    api.get<Page<AuditItem>>('/api/audit', { ...query(a.filters), limit: pageSize, offset: a.offset }),
  );

  const set = (key: keyof Filters) => (e: { currentTarget: HTMLInputElement }) => setDraft({ ...draft(), [key]: e.currentTarget.value });
  // Readable choices that send the codes the API filters on; a chosen type narrows the actions to its own.
  const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  const typeChoices = () => auditEntityTypes.map((code) => ({ code, label: auditEntityName(code) })).sort(byName);
  const actionChoices = () =>
    auditActions
      .filter((a) => !draft().entityType || a.entityType === draft().entityType)
      .map((a) => ({ code: a.action, label: auditActionText(a.action, a.entityType) }))
      .sort(byName);
  const chooseType = (e: { currentTarget: HTMLSelectElement }) => {
    const entityType = e.currentTarget.value;
    const keepAction = auditActions.some((a) => a.action === draft().action && a.entityType === entityType);
    setDraft({ ...draft(), entityType, action: !entityType || keepAction ? draft().action : '' });
  };
  const choice = (key: 'entityType' | 'action', label: string, choices: () => { code: string; label: string }[], onChange: (e: { currentTarget: HTMLSelectElement }) => void) => (
    <FormField id={`audit-${key}`} label={label} error={fieldMessage(fields(), key)}>
      {(attrs) => (
        <select {...attrs} value={draft()[key]} onChange={onChange}>
          <option value="">{t('audit.all')}</option>
          <For each={choices()}>
            {(c) => (
              <option value={c.code} selected={draft()[key] === c.code}>
                {c.label}
              </option>
            )}
          </For>
        </select>
      )}
    </FormField>
  );

  function apply(event: SubmitEvent) {
    event.preventDefault();
    const checked = validate(auditQuery, query(draft()));
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setOpen(new Set<number>());
    setApplied({ filters: draft(), offset: 0 });
  }

  function clear() {
    setDraft(emptyFilters);
    setFields([]);
    setApplied({ filters: emptyFilters, offset: 0 });
  }

  const go = (offset: number) => {
    setOpen(new Set<number>());
    setApplied({ ...applied(), offset });
  };

  const toggle = (id: number) => {
    const next = new Set(open());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  const field = (key: keyof Filters, label: string, type = 'text') => (
    <FormField id={`audit-${key}`} label={label} error={fieldMessage(fields(), key)}>
      {(attrs) => <input {...attrs} type={type} value={draft()[key]} onInput={set(key)} />}
    </FormField>
  );

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <form class="toolbar audit-filters" onSubmit={apply} novalidate aria-label={t('audit.filters')}>
        {choice('entityType', t('audit.entityType'), typeChoices, chooseType)}
        {choice('action', t('audit.action'), actionChoices, (e) => setDraft({ ...draft(), action: e.currentTarget.value }))}
        {field('actor', t('audit.actor'))}
        {field('from', t('audit.from'), 'date')}
        {field('to', t('audit.to'), 'date')}
        <div class="row-actions">
          <button type="submit" class="primary">
            {t('audit.filter')}
          </button>
          <button type="button" onClick={clear}>
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <Loadable resource={log} onRetry={refetch} isEmpty={(p) => p.items.length === 0} empty={t('audit.none')}>
        {(page) => (
          <>
            <p role="status">
              {t('audit.showing', { from: applied().offset + 1, to: applied().offset + page.items.length, total: page.total })}
            </p>
            <div class="table-scroll">
              <table class="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.entity')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('audit.details')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page.items}>
                    {(item) => {
                      const changes = auditChanges(item.before, item.after);
                      const expanded = () => open().has(item.id);
                      return (
                        <>
                          <tr>
                            <td>{when(item.at)}</td>
                            <td>{item.actor.email ?? t('audit.system')}</td>
                            <td>
                              {auditActionText(item.action, item.entityType)}
                              <div class="help">
                                <code>{item.action}</code>
                              </div>
                            </td>
                            <td>
                              {auditEntityName(item.entityType)}
                              <Show when={item.entityId}>
                                <span class="code"> {item.entityId}</span>
                              </Show>
                            </td>
                            <td>
                              <button
                                type="button"
                                class="link-button"
                                aria-expanded={expanded()}
                                aria-controls={`audit-changes-${item.id}`}
                                aria-label={
                                  expanded()
                                    ? t('audit.hideNamed', { action: auditActionText(item.action, item.entityType), at: when(item.at) })
                                    : t('audit.showNamed', { count: changes.length, action: auditActionText(item.action, item.entityType), at: when(item.at) })
                                }
                                onClick={() => toggle(item.id)}
                              >
                                {expanded() ? t('audit.hide') : t('audit.show', { count: changes.length })}
                              </button>
                            </td>
                          </tr>
                          <Show when={expanded()}>
                            <tr id={`audit-changes-${item.id}`} class="audit-changes">
                              <td colspan="5">
                                <Show when={changes.length} fallback={<p class="empty">{t('audit.noChanges')}</p>}>
                                  <table>
                                    <thead>
                                      <tr>
                                        <th scope="col">{t('audit.field')}</th>
                                        <th scope="col">{t('audit.before')}</th>
                                        <th scope="col">{t('audit.after')}</th>
                                      </tr>
                                    </thead>
                                    <tbody>
                                      <For each={changes}>
                                        {(change) => (
                                          <tr>
                                            <th scope="row">{change.key}</th>
                                            <td class="diff-old">{auditValue(change.before)}</td>
                                            <td class="diff-new">
                                              <span aria-hidden="true">→ </span>
                                              {auditValue(change.after)}
                                            </td>
                                          </tr>
                                        )}
                                      </For>
                                    </tbody>
                                  </table>
                                </Show>
                              </td>
                            </tr>
                          </Show>
                        </>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>
            <nav class="pager row-actions" aria-label={t('audit.paging')}>
              <button type="button" disabled={applied().offset === 0} onClick={() => go(Math.max(0, applied().offset - pageSize))}>
                {t('audit.previous')}
              </button>
              <button type="button" disabled={applied().offset + pageSize >= page.total} onClick={() => go(applied().offset + pageSize)}>
                {t('audit.next')}
              </button>
            </nav>
          </>
        )}
      </Loadable>
    </>
  );
}
