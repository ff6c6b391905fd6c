/**
 * After a refused submit, the first field marked invalid gets the focus, so a keyboard or screen-reader user
 * lands on what to fix (its error is read with it through aria-describedby) instead of staying on the button.
 * Runs after the render that marks the fields.
 */
export function focusFirstInvalid(form: HTMLFormElement | undefined): void {
  queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
