/** What GET /api/respond/{token} answers (shared/app/engine/respond-view.ts; restated: the app imports no server code). */
export interface RespondView {
  /** 'suspended' is never answered in a view: the page sets it itself when an answer is refused with 423. */
  state: 'open' | 'accepted' | 'declined' | 'expired' | 'filled' | 'withdrawn' | 'suspended';
  answer: 'yes' | 'no' | null;
  message: string;
  language: 'sv' | 'en';
  musician: { firstName: string };
  orchestra: { name: string };
  project: { name: string; startDate: string; startDateText: string; week: number; rehearsalSchedule: string; concertInfo: string };
  position: { name: string };
  instrument: { name: string };
  deadline: string;
  deadlineText: string;
  files: { id: string; filename: string; url?: string }[];
}
