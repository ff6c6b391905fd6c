/**
 * What the musicians API answers (shared/app/musicians/*, docs/api.md); restated as types only so the web
 * app never imports server code.
 */
export type MusicianStatus = 'active' | 'inactive' | 'archived';
export type RequestStatus = 'pending' | 'accepted' | 'declined' | 'timed_out' | 'cancelled' | 'withdrawn';

export interface Qualification {
  positionId: string;
  positionName: string;
  instrumentId: string;
  instrumentName: string;
  archived: boolean;
}

export interface Musician {
  id: string;
  code: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string | null;
  phone: string | null;
  language: 'sv' | 'en';
  localResident: boolean;
  notes: string;
  active: boolean;
  status: MusicianStatus;
  emailStatus: 'ok' | 'failing';
  emailStatusChangedAt: string | null;
  archivedAt: string | null;
  erased: boolean;
  erasedAt: string | null;
  qualifications: Qualification[];
  createdAt: string;
  updatedAt: string;
}

export interface PlanUsage {
  resource: 'musicians' | 'activeProjects' | 'admins';
  used: number;
  limit: number | null;
  warning: boolean;
}

export interface MusicianList {
  items: Musician[];
  total: number;
  plan: PlanUsage;
}

export interface ListPlace {
  listId: string;
  listCode: string;
  kind: 'A' | 'B' | 'C' | 'custom';
  positionId: string;
  positionName: string;
  instrumentName: string;
  project: { id: string; code: string; name: string } | null;
  rank: number;
  of: number;
  archived: boolean;
}

export interface RequestHistoryItem {
  id: string;
  code: string;
  needId: string;
  positionId: string;
  positionName: string;
  instrumentName: string;
  status: RequestStatus;
  rankAtSend: number | null;
  sentAt: string;
  deadlineAt: string;
  remindedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
}

export interface MusicianProfile {
  musician: Musician;
  lists: ListPlace[];
  projects: { project: { id: string; code: string; name: string; startDate: string; archived: boolean }; requests: RequestHistoryItem[] }[];
  statistics: {
    requests: number;
    answered: number;
    accepted: number;
    acceptanceRate: number | null;
    averageResponseHours: number | null;
    mostAskedPositions: { positionId: string; positionName: string; instrumentName: string; count: number }[];
  };
}

/** GET /api/instruments: instruments in score order with their positions in seniority order. */
export interface InstrumentWithPositions {
  id: string;
  code: string;
  name: string;
  archived: boolean;
  positions: { id: string; code: string; name: string; archived: boolean }[];
}

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  valid: number;
  problems: ImportProblem[];
  planRefusal: string | null;
  created: { id: string; code: string; line: number }[];
}
