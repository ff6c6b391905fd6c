import {
  closestCenter,
  createSortable,
  DragDropProvider,
  DragDropSensors,
  SortableProvider,
  transformStyle,
  type DragEvent,
} from '@thisbeyond/solid-dnd';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { t } from '../i18n/i18n';

/** Moves one id to another index; the rest keep their relative order. */
export function moveId(ids: string[], from: number, to: number): string[] {
  const next = ids.slice();
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/**
 * An ordered list the admin rearranges by dragging (pointer or touch) or with move up/down buttons
 * (keyboard). Every change hands the whole new order to `onReorder` once; the parent owns the items.
 * After a keyboard move the focus stays on the moved item and the new place is announced.
 */
export function SortableList<T extends { id: string }>(props: {
  items: T[];
  /** The item's name in button labels and announcements. */
  name: (item: T) => string;
  /** The row's content beside the rank. */
  children: (item: T) => JSX.Element;
  /** More buttons for the row (e.g. remove). */
  actions?: (item: T) => JSX.Element;
  onReorder: (ids: string[]) => void;
  disabled?: boolean;
  label: string;
}) {
  const rows = new Map<string, HTMLLIElement>();
  const [announcement, setAnnouncement] = createSignal('');
  const ids = () => props.items.map((item) => item.id);

  const reorder = (from: number, to: number) => {
    if (props.disabled || from === to || from < 0 || to < 0 || to >= props.items.length) return;
    const item = props.items[from];
    props.onReorder(moveId(ids(), from, to));
    setAnnouncement(t('lists.moved', { name: props.name(item), rank: to + 1 }));
  };

  const moveByKey = (item: T, step: -1 | 1) => {
    const from = ids().indexOf(item.id);
    const to = from + step;
    reorder(from, to);
    // The row's DOM node moves, which drops focus in some browsers: put it back on the same item, on the
    // button that still works there (at the top "up" is disabled).
    const last = props.items.length - 1;
    const which = (step === -1 && to > 0) || (step === 1 && to >= last) ? 'up' : 'down';
    queueMicrotask(() => rows.get(item.id)?.querySelector<HTMLButtonElement>(`button[data-move="${which}"]`)?.focus());
  };

  const onDragEnd = ({ draggable, droppable }: DragEvent) => {
    if (!draggable || !droppable) return;
    reorder(ids().indexOf(String(draggable.id)), ids().indexOf(String(droppable.id)));
  };

  return (
    <>
      <DragDropProvider onDragEnd={onDragEnd} collisionDetector={closestCenter}>
        <DragDropSensors />
        <SortableProvider ids={ids()}>
          <ol class="sortable-list" aria-label={props.label}>
            <For each={props.items}>
              {(item, index) => {
                const sortable = createSortable(item.id);
                return (
                  <li
                    ref={(el) => {
                      sortable.ref(el);
                      rows.set(item.id, el);
                    }}
                    classList={{ 'sortable-row': true, dragging: sortable.isActiveDraggable }}
                    style={transformStyle(sortable.transform)}
                  >
                    <Show when={!props.disabled}>
                      {/* Pointer and touch only; the move buttons are the keyboard's way. */}
                      <span class="drag-handle" title={t('lists.dragHandle', { name: props.name(item) })} aria-hidden="true" {...sortable.dragActivators}>
                        ⠿
                      </span>
                    </Show>
                    <span class="rank">{index() + 1}</span>
                    <span class="sortable-content">{props.children(item)}</span>
                    <span class="row-actions">
                      <button
                        type="button"
                        data-move="up"
                        aria-label={t('lists.moveUp', { name: props.name(item) })}
                        disabled={props.disabled || index() === 0}
                        onClick={() => moveByKey(item, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        data-move="down"
                        aria-label={t('lists.moveDown', { name: props.name(item) })}
                        disabled={props.disabled || index() === props.items.length - 1}
                        onClick={() => moveByKey(item, 1)}
                      >
                        ↓
                      </button>
                      {props.actions?.(item)}
                    </span>
                  </li>
                );
              }}
            </For>
          </ol>
        </SortableProvider>
      </DragDropProvider>
      <p class="visually-hidden" aria-live="polite">
        {announcement()}
      </p>
    </>
  );
}
