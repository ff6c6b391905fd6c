import type { RespondView } from '../../frontend/src/pages/respond-types';

/** A response link's token and the page data GET /api/respond/{token} answers, for the respond page's tests. */
export const respondToken = 'tok-0123456789abcdefghijklmnopqrstuvwxyz';

export const respondView = (over: Partial<RespondView> = {}): RespondView => ({
  state: 'open',
  answer: null,
  message: '',
  language: 'sv',
  musician: { firstName: 'Sara' },
  orchestra: { name: 'Demo Symfoniorkester' },
  project: { name: 'Vårkonsert', startDate: '2027-05-14', startDateText: '14 maj 2027', week: 19, rehearsalSchedule: 'Tis 10–13', concertInfo: 'Fre 19.00' },
  position: { name: 'Kontrafagott' },
  instrument: { name: 'Fagott' },
  deadline: '2026-12-06T14:00:00Z',
  deadlineText: 'söndag 6 december 2026 kl. 15:00',
  files: [{ id: 'f1', filename: 'Noter.pdf', url: '/files/download?key=x' }],
  ...over,
});
