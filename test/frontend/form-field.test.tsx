import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { FormField } from '../../frontend/src/components/form-field';

afterEach(() => cleanup());

describe('a form field', () => {
  it('keeps the same input, and so the focus, when an error appears and goes', () => {
    const [error, setError] = createSignal<string>();
    render(() => (
      <FormField id="email" label="E-post" help="Din adress." error={error()}>
        {(attrs) => <input {...attrs} type="email" />}
      </FormField>
    ));
    const input = screen.getByLabelText('E-post') as HTMLInputElement;
    input.focus();
    fireEvent.input(input, { target: { value: 'inte-en-adress' } });
    setError('måste vara en e-postadress');
    expect(screen.getByLabelText('E-post')).toBe(input);
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('inte-en-adress');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('email-help email-error');
    setError(undefined);
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(input.getAttribute('aria-describedby')).toBe('email-help');
  });
});
