import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StaffingBar } from '../../frontend/src/components/staffing-bar';
import { setLocale } from '../../frontend/src/i18n/i18n';
import ProjectsPage from '../../frontend/src/pages/admin/projects';
import type { Project } from '../../frontend/src/pages/admin/projects-types';
import { renderAt } from './render-at';
import { json } from './api-stub';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLocale('sv');
});

const project = (n: number, name: string, accepted: number, needed: number): Project => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  code: `PROJ00${n}`,
  name,
  startDate: '2026-12-10',
  isoWeek: 50,
  rehearsalSchedule: '',
  concertInfo: '',
  notes: '',
  paused: false,
  archived: false,
  archivedAt: null,
  staffing: { accepted, needed, pending: 0, needs: 1 },
});

describe('staffing bar', () => {
  it('says how many seats are filled, in words, in both languages', () => {
    render(() => <StaffingBar accepted={3} needed={5} pending={1} />);
    expect(screen.getByText('3 av 5 platser tillsatta')).toBeTruthy();
    expect(screen.getByText(/1 väntar på svar/)).toBeTruthy();
    cleanup();
    setLocale('en');
    render(() => <StaffingBar accepted={3} needed={5} />);
    expect(screen.getByText('3 of 5 seats filled')).toBeTruthy();
    expect((document.querySelector('.staffing-fill') as HTMLElement).style.width).toBe('60%');
  });

  it('has no fraction to show before any seat is needed', () => {
    render(() => <StaffingBar accepted={0} needed={0} />);
    expect(screen.getByText('Inga platser ännu')).toBeTruthy();
  });
});

describe('projects page', () => {
  it('lists upcoming projects with week and staffing, and pages through them', async () => {
    const fetch = vi.fn(async (input: string) => {
      const url = new URL(input, 'http://localhost');
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return json(200, { items: offset === 0 ? [project(1, 'Julkonsert', 4, 6)] : [project(2, 'Nyårskonsert', 0, 2)], total: 26 });
    });
    vi.stubGlobal('fetch', fetch);
    renderAt('/projects', '/projects', ProjectsPage);

    expect(await screen.findByRole('link', { name: 'Julkonsert' })).toBeTruthy();
    expect(screen.getByText('v. 50')).toBeTruthy();
    expect(screen.getByText('4 av 6 platser tillsatta')).toBeTruthy();
    const first = new URL(fetch.mock.calls[0][0], 'http://localhost');
    expect(first.searchParams.get('when')).toBe('upcoming');

    fireEvent.click(screen.getByRole('button', { name: 'Nästa' }));
    expect(await screen.findByRole('link', { name: 'Nyårskonsert' })).toBeTruthy();
    expect(new URL(fetch.mock.calls.at(-1)![0], 'http://localhost').searchParams.get('offset')).toBe('25');
  });

  it('validates a new project with the shared schema, then shows the server field errors on the fields', async () => {
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_input: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push(JSON.parse(String(init.body)));
          return json(422, { error: { code: 'validation_failed', message: 'Invalid.', fields: [{ field: 'name', message: 'is already used this week' }] } });
        }
        return json(200, { items: [], total: 0 });
      }),
    );
    renderAt('/projects', '/projects', ProjectsPage);
    expect(await screen.findByText('Inga projekt matchar.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Skapa projekt' }));
    expect(await screen.findByText('måste fyllas i', { selector: '#new-project-name-error' })).toBeTruthy();
    expect(posts).toEqual([]);

    fireEvent.input(screen.getByLabelText('Namn'), { target: { value: 'Julkonsert' } });
    fireEvent.input(screen.getByLabelText('Startdatum'), { target: { value: '2026-12-10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa projekt' }));
    await waitFor(() => expect(screen.getByText('is already used this week')).toBeTruthy());
    expect(screen.getByLabelText('Namn').getAttribute('aria-invalid')).toBe('true');
    expect(posts).toEqual([{ name: 'Julkonsert', startDate: '2026-12-10', rehearsalSchedule: '', concertInfo: '', notes: '' }]);
  });
});
