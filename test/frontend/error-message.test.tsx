import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../frontend/src/api/client';
import { ErrorMessage, errorText } from '../../frontend/src/components/error-message';
import { setLocale } from '../../frontend/src/i18n/i18n';

afterEach(() => {
  cleanup();
  setLocale('sv');
});

const failure = (status: number, code: string, message: string) => new ApiError(status, code, message);

describe("the server's errors in the page's language", () => {
  it('says plan limits, an existing admin and an archived need fully in Swedish', () => {
    expect(errorText(failure(409, 'plan_limit', 'The small plan allows 50 musicians; this orchestra has 50.'))).toBe('Planen Liten tillåter 50 musiker; orkestern har 50.');
    expect(errorText(failure(409, 'plan_limit', 'The medium plan allows 200 musicians; this orchestra has 198 and 5 more would make 203.'))).toBe(
      'Planen Mellan tillåter 200 musiker; orkestern har 198 och 5 till skulle bli 203.',
    );
    expect(errorText(failure(409, 'plan_limit', 'Alfa does not fit the small plan. The small plan allows 2 admins; this orchestra has 3.'))).toBe(
      'Planen Liten tillåter 2 administratörer; orkestern har 3.',
    );
    expect(errorText(failure(409, 'admin_exists', 'bo@example.org is already an admin of Alfa.'))).toBe('bo@example.org är redan administratör för Alfa.');
    expect(errorText(failure(409, 'admin_exists', 'bo@example.org is already a deactivated admin of Alfa.'))).toBe(
      'bo@example.org är redan administratör för Alfa, men inaktiverad. Aktivera hen igen i listan.',
    );
    expect(errorText(failure(409, 'project_archived', 'PROJ001 (Julkonsert) is archived and can no longer be changed.'))).toBe(
      'PROJ001 (Julkonsert) är arkiverat och kan inte längre ändras.',
    );
    expect(errorText(failure(404, 'not_found', 'Not found.'))).toBe('Det finns inte (längre). Det kan ha tagits bort.');
    expect(errorText(failure(404, 'not_found', 'No such project.'))).toBe('Projektet finns inte (längre).');
    expect(errorText(failure(404, 'not_found', 'No such ranking list.'))).toBe('Rankinglistan finns inte (längre).');
    // Anything naming specifics keeps the server's words as detail.
    expect(errorText(failure(404, 'not_found', 'No orchestra with id 42.'))).toBe('Det finns inte (längre). Det kan ha tagits bort. No orchestra with id 42.');
    expect(errorText(failure(403, 'forbidden', 'Only a superadmin may do this.'))).toBe('Du har inte behörighet att göra det här.');
  });

  it("keeps the server's specifics as an English detail under a Swedish headline", () => {
    render(() => <ErrorMessage error={failure(409, 'requests_pending', 'PROJ001 still has 2 requests waiting for an answer.')} />);
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('p')!.textContent).toBe('Det finns förfrågningar som fortfarande väntar på svar.');
    const detail = screen.getByText('PROJ001 still has 2 requests waiting for an answer.');
    expect(detail.getAttribute('lang')).toBe('en');
  });

  it('says it once, in the server’s own words, on an English page', () => {
    setLocale('en');
    render(() => <ErrorMessage error={failure(409, 'requests_pending', 'PROJ001 still has 2 requests waiting for an answer.')} />);
    expect(screen.getByRole('alert').textContent).toBe('PROJ001 still has 2 requests waiting for an answer.');
    expect(errorText(failure(409, 'plan_limit', 'The small plan allows 50 musicians; this orchestra has 50.'))).toBe('The Small plan allows 50 musicians; this orchestra has 50.');
  });

  it('leaves codes it does not know to the server', () => {
    expect(errorText(failure(409, 'file_in_use', 'FILE001 is attached to an email that has not been sent yet.'))).toBe('FILE001 is attached to an email that has not been sent yet.');
  });
});

describe('the retry button', () => {
  const retry = () => {};
  it('is offered when asking again may help: a lost connection, a server failure, a rate limit', () => {
    for (const error of [new TypeError('Failed to fetch'), failure(500, 'internal', 'Something went wrong.'), failure(429, 'rate_limited', 'Too many requests.')]) {
      render(() => <ErrorMessage error={error} onRetry={retry} />);
      expect(screen.getByRole('button', { name: 'Försök igen' })).toBeTruthy();
      cleanup();
    }
  });

  it('is not offered for a refusal that asking again cannot change', () => {
    for (const error of [failure(404, 'not_found', 'No such project.'), failure(403, 'forbidden', 'Only a superadmin may do this.')]) {
      render(() => <ErrorMessage error={error} onRetry={retry} />);
      expect(screen.getByRole('alert').textContent).not.toContain('Försök igen');
      expect(screen.queryByRole('button')).toBeNull();
      cleanup();
    }
  });
});
