import type { NeedStatus, NeedStrategy, RankingListKind } from '../../../../shared/domain/need-rules';

/**
 * What the projects, needs, positions and ranking-list endpoints answer (shared/app/{projects,needs,
 * instruments,ranking-lists}); restated here so the web app imports no server code.
 */
export interface Staffing {
  accepted: number;
  needed: number;
  pending: number;
  needs: number;
}

export interface Project {
  id: string;
  code: string;
  name: string;
  startDate: string;
  isoWeek: number;
  rehearsalSchedule: string;
  concertInfo: string;
  notes: string;
  paused: boolean;
  archived: boolean;
  archivedAt: string | null;
  staffing: Staffing;
}

export interface Need {
  id: string;
  code: string;
  projectId: string;
  position: { id: string; code: string; name: string };
  instrument: { id: string; name: string };
  list: { id: string; code: string; kind: RankingListKind; label: string };
  quantity: number;
  strategy: NeedStrategy;
  maxRecipients: number | null;
  responseHours: number;
  localResidentsOnly: boolean;
  status: NeedStatus;
  firstSentAt: string | null;
  /** Strategy, list and position can no longer change (a request was sent). */
  locked: boolean;
  accepted: number;
  pending: number;
}

export interface ProjectDetail extends Project {
  needs: Need[];
}

export interface Position {
  id: string;
  code: string;
  name: string;
  archived: boolean;
  instrument: { id: string; code: string; name: string; archived: boolean };
  lists: { A: string | null; B: string | null; C: string | null };
}

export interface RankingListEntry {
  rank: number;
  musicianId: string;
  code: string;
  name: string;
  active: boolean;
  archived: boolean;
  localResident: boolean;
}

export interface RankingList {
  id: string;
  code: string;
  kind: RankingListKind;
  label: string;
  description: string;
  position: { id: string; code: string; name: string };
  instrument: { id: string; name: string };
  /** A custom list's project. */
  project: { id: string; code: string; name: string; startDate: string } | null;
  archived: boolean;
  usedByNeeds: number;
  entries: RankingListEntry[];
}

export interface MusicianOption {
  id: string;
  code: string;
  name: string;
  status: 'active' | 'inactive' | 'archived';
}
