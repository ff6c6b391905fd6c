/** What GET /api/instruments answers (shared/app/instruments/read-instruments.ts; restated so the app imports no server code). */
export interface PositionItem {
  id: string;
  code: string;
  name: string;
  archived: boolean;
}
export interface Instrument {
  id: string;
  code: string;
  name: string;
  sortOrder: number;
  archived: boolean;
  archivedAt: string | null;
  positions: PositionItem[];
}
