import { For, Show } from 'solid-js';
import { t } from '../i18n/i18n';

interface PickerInstrument {
  id: string;
  name: string;
  positions: { id: string; name: string }[];
}

/**
 * Positions a musician may play, grouped by instrument: one fieldset of native checkboxes per instrument,
 * so Tab and Space work as everywhere else and screen readers announce the instrument with each position.
 */
export function MusicianQualificationPicker(props: {
  id: string;
  instruments: PickerInstrument[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  error?: string;
}) {
  const toggle = (positionId: string, on: boolean) => {
    const next = new Set(props.selected);
    if (on) next.add(positionId);
    else next.delete(positionId);
    props.onChange(next);
  };
  const count = (instrument: PickerInstrument) => instrument.positions.filter((p) => props.selected.has(p.id)).length;
  return (
    <div class="qualification-picker" id={props.id} aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <For each={props.instruments}>
        {(instrument) => (
          <fieldset>
            <legend>
              {instrument.name}
              <Show when={count(instrument) > 0}>
                {' '}
                <span class="help">({t('musicians.selectedCount', { count: count(instrument) })})</span>
              </Show>
            </legend>
            <For each={instrument.positions}>
              {(position) => (
                <label class="checkbox">
                  <input type="checkbox" checked={props.selected.has(position.id)} onChange={(e) => toggle(position.id, e.currentTarget.checked)} />
                  {position.name}
                </label>
              )}
            </For>
          </fieldset>
        )}
      </For>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}
