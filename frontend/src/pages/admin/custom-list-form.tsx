import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { customListBody } from '../../../../shared/schemas/ranking-lists';
import { api, ApiError, type FieldError, type Page } from '../../api/client';
import { ErrorMessage } from '../../components/error-message';
import { FormField } from '../../components/form-field';
import { Loadable } from '../../components/loadable';
import { fieldMessage, validate } from '../../forms/validate';
import { t } from '../../i18n/i18n';
import { byInstrument } from './need-editor';
import type { Position, RankingList } from './projects-types';

/** What a new custom list can start from: the position's A/B/C lists and other projects' custom lists of it. */
export interface CopySources {
  standard: RankingList[];
  /** Newest project first. */
  earlier: RankingList[];
}

export function copySources(lists: RankingList[], projectId: string): CopySources {
  const byNewest = (a: RankingList, b: RankingList) =>
    (b.project?.startDate ?? '').localeCompare(a.project?.startDate ?? '') || b.code.localeCompare(a.code, undefined, { numeric: true });
  return {
    standard: lists.filter((l) => l.kind !== 'custom'),
    earlier: lists.filter((l) => l.kind === 'custom' && l.project?.id !== projectId).sort(byNewest),
  };
}

/**
 * The project's own list for a position (SPEC §2): empty, or copied from the position's A, B or C list or
 * from an earlier project's custom list of the same position. With `positionId` the position is fixed
 * (the ranking-lists page); without it the admin picks one (the project page).
 */
export function CustomListForm(props: { projectId: string; positions: Position[]; positionId?: string; onCreated?: (list: RankingList) => void }) {
  const [chosenPosition, setChosenPosition] = createSignal('');
  const positionId = () => props.positionId ?? chosenPosition();
  const [copyFrom, setCopyFrom] = createSignal('');
  const [fields, setFields] = createSignal<FieldError[]>([]);
  const [error, setError] = createSignal<unknown>();
  const [created, setCreated] = createSignal<RankingList>();
  const [busy, setBusy] = createSignal(false);
  // Every project's custom lists come along (allCustom), so an earlier one can be copied into this project.
  const [sources, { refetch }] = createResource(
    () => positionId() || undefined,
    (id) =>
      api
        .get<Page<RankingList>>('/api/ranking-lists', { positionId: id, allCustom: true, limit: 500 })
        .then((page) => copySources(page.items, props.projectId)),
  );
  const idBase = () => (props.positionId ? `custom-list-${props.positionId}` : 'custom-list');

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    setCreated(undefined);
    const checked = validate(customListBody, { positionId: positionId() || undefined, copyFromListId: copyFrom() || null });
    if (!checked.ok) return setFields(checked.fields);
    setFields([]);
    setBusy(true);
    try {
      const list = await api.post<RankingList>(`/api/projects/${props.projectId}/custom-lists`, checked.data);
      setCreated(list);
      setCopyFrom('');
      props.onCreated?.(list);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setFields(err.fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const copySelect = (a: Record<string, unknown>, s: CopySources) => (
    <select {...a} value={copyFrom()} onChange={(e) => setCopyFrom(e.currentTarget.value)}>
      <option value="">{t('needs.copyNone')}</option>
      <Show when={s.standard.length > 0}>
        <optgroup label={t('needs.copyStandard')}>
          <For each={s.standard}>
            {(l) => <option value={l.id}>{t('needs.copyStandardOption', { kind: l.kind, count: l.entries.length })}</option>}
          </For>
        </optgroup>
      </Show>
      <Show when={s.earlier.length > 0}>
        <optgroup label={t('needs.copyEarlier')}>
          <For each={s.earlier}>
            {(l) => (
              <option value={l.id}>
                {t('needs.copyEarlierOption', {
                  project: l.project ? `${l.project.name} (${l.project.code})` : l.code,
                  date: l.project?.startDate ?? '–',
                  count: l.entries.length,
                })}
              </option>
            )}
          </For>
        </optgroup>
      </Show>
    </select>
  );

  return (
    <section class="panel" aria-labelledby={`${idBase()}-title`}>
      <h2 id={`${idBase()}-title`}>{t('needs.customListTitle')}</h2>
      <p class="help">{t('needs.customListHelp')}</p>
      <form class="inline-form" onSubmit={submit} novalidate>
        <Show when={!props.positionId}>
          <FormField id={`${idBase()}-position`} label={t('needs.position')} error={fieldMessage(fields(), 'positionId')}>
            {(a) => (
              <select
                {...a}
                value={chosenPosition()}
                onChange={(e) => {
                  setChosenPosition(e.currentTarget.value);
                  setCopyFrom('');
                }}
              >
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
        </Show>
        <FormField
          id={`${idBase()}-copy`}
          label={t('needs.copyFrom')}
          help={positionId() ? undefined : t('needs.copyChoosePositionFirst')}
          error={fieldMessage(fields(), 'copyFromListId')}
        >
          {(a) => (
            <Show when={positionId()} fallback={copySelect(a, { standard: [], earlier: [] })}>
              <Loadable resource={sources} onRetry={refetch}>
                {(s) => copySelect(a, s)}
              </Loadable>
            </Show>
          )}
        </FormField>
        <button type="submit" disabled={busy()}>
          {t('needs.createCustomList')}
        </button>
      </form>
      <Show when={error()}>
        <ErrorMessage error={error()} />
      </Show>
      <Show when={created()}>
        {(list) => (
          <p class="message ok" role="status">
            {t('needs.customListCreated', { code: list().code })}
            <Show when={!props.onCreated}>
              {' '}
              <A href={`/lists?positionId=${list().position.id}&projectId=${props.projectId}&listId=${list().id}`}>{t('needs.openLists')}</A>
            </Show>
          </p>
        )}
      </Show>
    </section>
  );
}
