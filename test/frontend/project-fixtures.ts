import type { Need, ProjectDetail } from '../../frontend/src/pages/admin/projects-types';
import { id } from './api-stub';

/** A need as GET /api/projects/{id} returns it: Tutti violin 1 from an A list, two seats, one at a time, not sent. */
export function projectNeed(overrides: Partial<Need> = {}): Need {
  return {
    id: id(50),
    code: 'NEED001',
    projectId: id(1),
    position: { id: id(20), code: 'POS001', name: 'Tutti violin 1' },
    instrument: { id: id(10), name: 'Violin' },
    list: { id: id(30), code: 'LIST001', kind: 'A', label: 'A' },
    quantity: 2,
    strategy: 'sequential',
    maxRecipients: null,
    responseHours: 48,
    localResidentsOnly: false,
    status: 'active',
    firstSentAt: null,
    locked: false,
    accepted: 0,
    pending: 0,
    ...overrides,
  };
}

/** A project as GET /api/projects/{id} returns it: Julkonsert in week 50 with the one need above. */
export function projectDetail(overrides: Partial<ProjectDetail> = {}): ProjectDetail {
  return {
    id: id(1),
    code: 'PROJ001',
    name: 'Julkonsert',
    startDate: '2026-12-10',
    isoWeek: 50,
    rehearsalSchedule: '',
    concertInfo: '',
    notes: '',
    paused: false,
    archived: false,
    archivedAt: null,
    staffing: { accepted: 0, needed: 2, pending: 0, needs: 1 },
    needs: [projectNeed()],
    ...overrides,
  };
}
