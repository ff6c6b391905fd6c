import { Show, untrack, type JSX } from 'solid-js';

/** A labelled input with its help text and error, wired with ids so assistive technology reads them. */
export function FormField(props: {
  id: string;
  label: string;
  error?: string;
  help?: string;
  children: (attributes: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => JSX.Element;
}) {
  const describedBy = () => [props.help ? `${props.id}-help` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  // Getters, and the input made once: an error appearing or going only changes these attributes. Calling
  // children again would put a new input in place of the old one, dropping the focus (and the caret) of
  // someone who pressed Enter in it.
  const attributes = {
    get id() {
      return props.id;
    },
    get 'aria-invalid'() {
      return Boolean(props.error);
    },
    get 'aria-describedby'() {
      return describedBy();
    },
  };
  const control = untrack(() => props.children(attributes));
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {control}
      <Show when={props.help}>
        <p class="help" id={`${props.id}-help`}>
          {props.help}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}
