import { Show, type JSX } from 'solid-js';

/** A labelled input with its help text and error, wired with ids so assistive technology reads them. */
export function FormField(props: {
  id: string;
  label: string;
  error?: string;
  help?: string;
  children: (attributes: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => JSX.Element;
}) {
  const describedBy = () => [props.help ? `${props.id}-help` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-invalid': Boolean(props.error), 'aria-describedby': describedBy() })}
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
