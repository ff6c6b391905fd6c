import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { needStrategies, responseHoursLimits, type NeedStrategy } from '../../../../shared/domain/need-rules';
import { needCreateBody } from '../../../../shared/schemas/projects';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import type { Need, Position, RankingList } from './projects-types';

/** A list's name in the editor: A, B, C, or the project's own list. */
export function listLabel(list: { kind: string; code: string; project?: { code: string } | null }): string {
  return list.kind === 'custom' ? t('lists.customTab', { code: list.project?.code ?? list.code }) : list.kind;
}

/** Positions grouped under their instruments, in the order the API gives (score order, then seniority). */
export function byInstrument(positions: Position[]): { instrument: Position['instrument']; positions: Position[] }[] {
  const groups: { instrument: Position['instrument']; positions: Position[] }[] = [];
  for (const p of positions) {
    const group = groups.find((g) => g.instrument.id === p.instrument.id);
    if (group) group.positions.push(p);
    else groups.push({ instrument: p.instrument, positions: [p] });
  }
  return groups;
}

/**
 * Adds or edits a need, offering only what SPEC §3.2 allows: lists of the chosen position (its A/B/C and
 * this project's custom list), a wave size only for first_come, and — once requests went out — strategy,
 * list and position shown but not offered. The shared schema checks the rest before anything is sent.
 */
export function NeedEditor(props: { projectId: string; positions: Position[]; need?: Need; onSaved: (need: Need) => void; onCancel: () => void }) {
  const need = props.need;
  const locked = need?.locked ?? false;
  const [positionId, setPositionId] = createSignal(need?.position.id ?? '');
  const [listId, setListId] = createSignal(need?.list.id ?? '');
  const [quantity, setQuantity] = createSignal(String(need?.quantity ?? 1));
  const [strategy, setStrategy] = createSignal<NeedStrategy>(need?.strategy ?? 'sequential');
  const [maxRecipients, setMaxRecipients] = createSignal(need?.maxRecipients == null ? '' : String(need.maxRecipients));
  const [responseHours, setResponseHours] = createSignal(String(need?.responseHours ?? responseHoursLimits.default));
  const [localOnly, setLocalOnly] = createSignal(need?.localResidentsOnly ?? false);
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);

  const [lists] = createResource(
    () => (locked ? undefined : positionId() || undefined),
    (id) => api.get<Page<RankingList>>('/api/ranking-lists', { positionId: id, projectId: props.projectId, limit: 20 }).then((p) => p.items),
  );
  // A new position brings its own lists: preselect its first (A) unless the current list belongs to it.
  createEffect(
    on(
      () => lists(),
      (items) => {
        if (items && !items.some((l) => l.id === listId())) setListId(items[0]?.id ?? '');
      },
    ),
  );

  const idBase = need ? `need-${need.id}` : 'new-need';
  const title = need ? t('needs.editTitle', { code: need.code }) : t('needs.addTitle');

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    const candidate = {
      positionId: positionId(),
      listId: listId(),
      quantity: Number(quantity()),
      strategy: strategy(),
      // Only first_come has waves; any other strategy sends none (empty = everyone eligible).
      maxRecipients: strategy() === 'first_come' && maxRecipients().trim() !== '' ? Number(maxRecipients()) : null,
      responseHours: Number(responseHours()),
      localResidentsOnly: localOnly(),
    };
    const checked = validate(needCreateBody, candidate);
    const problems = checked.ok ? [] : checked.fields;
    if (need && candidate.quantity < need.accepted) problems.push({ field: 'quantity', message: t('needs.quantityMin', { accepted: need.accepted }) });
    if (!checked.ok || problems.length > 0) return setFields(problems);
    setFields([]);
    setBusy(true);
    try {
      let saved: Need;
      if (!need) saved = await api.post<Need>(`/api/projects/${props.projectId}/needs`, checked.data);
      else {
        const { positionId: _p, listId: _l, strategy: _s, ...unlocked } = checked.data;
        const body = locked ? unlocked : checked.data;
        saved = await api.patch<Need>(`/api/projects/${props.projectId}/needs/${need.id}`, body);
      }
      props.onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel need-editor" aria-labelledby={`${idBase}-title`}>
      <h3 id={`${idBase}-title`} tabIndex={-1} ref={(el) => queueMicrotask(() => el.focus())}>
        {title}
      </h3>
      <form onSubmit={submit} novalidate>
        <Show
          when={!locked}
          fallback={
            <>
              <p class="message warning">{t('needs.locked')}</p>
              <dl class="readonly">
                <dt>{t('needs.position')}</dt>
                <dd>
                  {need!.instrument.name}: {need!.position.name}
                </dd>
                <dt>{t('needs.list')}</dt>
                <dd>{listLabel(need!.list)}</dd>
                <dt>{t('needs.strategy')}</dt>
                <dd>{t(`needs.strategies.${need!.strategy}`)}</dd>
              </dl>
            </>
          }
        >
          <FormField id={`${idBase}-position`} label={t('needs.position')} error={fieldMessage(fields(), 'positionId')}>
            {(a) => (
              <select {...a} value={positionId()} onChange={(e) => setPositionId(e.currentTarget.value)}>
                <option value="">{t('needs.choosePosition')}</option>
                <For each={byInstrument(props.positions)}>
                  {(group) => (
                    <optgroup label={group.instrument.name}>
                      <For each={group.positions}>{(p) => <option value={p.id}>{p.name}</option>}</For>
                    </optgroup>
                  )}
                </For>
              </select>
            )}
          </FormField>
          <Show when={positionId()}>
            <FormField id={`${idBase}-list`} label={t('needs.list')} error={fieldMessage(fields(), 'listId') ?? (lists.error ? undefined : lists()?.length === 0 ? t('needs.noLists') : undefined)}>
              {(a) => (
                <select {...a} value={listId()} disabled={lists.loading} onChange={(e) => setListId(e.currentTarget.value)}>
                  <For each={lists() ?? []}>
                    {(l) => <option value={l.id}>{t('needs.listOption', { label: listLabel(l), count: l.entries.length })}</option>}
                  </For>
                </select>
              )}
            </FormField>
            <Show when={lists.error}>
              <ErrorMessage error={lists.error} />
            </Show>
          </Show>
          <fieldset class="field">
            <legend>{t('needs.strategy')}</legend>
            <For each={needStrategies}>
              {(s) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`${idBase}-strategy-${s}`}
                    name={`${idBase}-strategy`}
                    value={s}
                    checked={strategy() === s}
                    aria-describedby={`${idBase}-strategy-${s}-help`}
                    onChange={() => setStrategy(s)}
                  />
                  <label for={`${idBase}-strategy-${s}`}>{t(`needs.strategies.${s}`)}</label>
                  <p class="help" id={`${idBase}-strategy-${s}-help`}>
                    {t(`needs.strategyHelp.${s}`)}
                  </p>
                </div>
              )}
            </For>
            <Show when={fieldMessage(fields(), 'strategy')}>
              <p class="field-error">{fieldMessage(fields(), 'strategy')}</p>
            </Show>
          </fieldset>
        </Show>
        <FormField
          id={`${idBase}-quantity`}
          label={t('needs.quantity')}
          help={need && need.accepted > 0 ? t('needs.quantityMin', { accepted: need.accepted }) : undefined}
          error={fieldMessage(fields(), 'quantity')}
        >
          {(a) => <input {...a} type="number" inputmode="numeric" min={Math.max(1, need?.accepted ?? 1)} value={quantity()} onInput={(e) => setQuantity(e.currentTarget.value)} />}
        </FormField>
        <Show when={strategy() === 'first_come'}>
          <FormField id={`${idBase}-max`} label={t('needs.maxRecipients')} help={t('needs.maxRecipientsHelp')} error={fieldMessage(fields(), 'maxRecipients')}>
            {(a) => <input {...a} type="number" inputmode="numeric" min={quantity()} value={maxRecipients()} onInput={(e) => setMaxRecipients(e.currentTarget.value)} />}
          </FormField>
        </Show>
        <FormField
          id={`${idBase}-hours`}
          label={t('needs.responseHours')}
          help={t('needs.responseHoursHelp', { min: responseHoursLimits.min, max: responseHoursLimits.max, default: responseHoursLimits.default })}
          error={fieldMessage(fields(), 'responseHours')}
        >
          {(a) => (
            <input
              {...a}
              type="number"
              inputmode="numeric"
              min={responseHoursLimits.min}
              max={responseHoursLimits.max}
              value={responseHours()}
              onInput={(e) => setResponseHours(e.currentTarget.value)}
            />
          )}
        </FormField>
        <div class="field checkbox">
          <input id={`${idBase}-local`} type="checkbox" checked={localOnly()} onChange={(e) => setLocalOnly(e.currentTarget.checked)} />
          <label for={`${idBase}-local`}>{t('needs.localResidentsOnly')}</label>
        </div>
        <Show when={error()}>
          <ErrorMessage error={error()} />
        </Show>
        <div class="row-actions">
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('common.saving') : t('needs.save')}
          </button>
          <button type="button" onClick={() => props.onCancel()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
