import type { NobodyAsked } from '../../../../shared/domain/engine/nobody-asked';
import type { ConflictMode, IdleReason, NeedStatus, RequestStatus, SkipReason, Strategy } from '../../../../shared/domain/engine/planning-types';

/**
 * What the request engine's admin routes answer, as the project page reads them (shapes of
 * shared/app/engine/preview-project.ts, project-status.ts and message-log.ts; declared here because the web
 * app's type-check does not take in server code).
 */
export type { IdleReason, NobodyAsked, SkipReason };

export interface PreviewMusician {
  musicianId: string;
  code: string;
  name: string;
  rank: number;
}

export interface SkippedInPreview extends PreviewMusician {
  reason: SkipReason;
  otherNeedId?: string;
  otherNeedCode?: string;
  otherPositionName?: string;
  requestStatus?: RequestStatus;
}

export interface PreviewNeed {
  needId: string;
  code: string;
  positionName: string;
  instrumentName: string;
  strategy: Strategy;
  status: NeedStatus;
  quantity: number;
  accepted: number;
  pending: number;
  asks: (PreviewMusician & { wave: number })[];
  skipped: SkippedInPreview[];
  idle?: IdleReason;
  becomesExhausted: boolean;
}

export interface PreviewConflict {
  musicianId: string;
  code: string;
  name: string;
  chosenNeedId?: string;
  needs: { needId: string; code: string; positionName: string; rank: number }[];
}

export interface ProjectPreview {
  projectId: string;
  projectCode: string;
  projectName: string;
  projectPaused: boolean;
  conflictMode: ConflictMode;
  fingerprint: string;
  /** In send order (instrument, then position seniority). */
  needs: PreviewNeed[];
  conflicts: PreviewConflict[];
}

export interface StatusNeed {
  needId: string;
  code: string;
  positionName: string;
  instrumentName: string;
  status: NeedStatus;
  quantity: number;
  accepted: number;
  pending: number;
}

export interface StatusRequest {
  id: string;
  code: string;
  needId: string;
  musicianId: string;
  musicianCode: string;
  musicianName: string;
  status: RequestStatus;
  wave: number;
  sentAt: string;
  deadlineAt: string;
  remindedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  lateAnswer: 'yes' | 'no' | null;
  emailStatus: MessageStatus | null;
  changedAt: string;
}

export interface ProjectStatus {
  projectId: string;
  paused: boolean;
  staffing: { accepted: number; needed: number };
  needs: StatusNeed[];
  /** Requests changed since the cursor; merge them by id. */
  requests: StatusRequest[];
  cursor: string;
}

export interface MessageView {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  request: { id: string; code: string; status: RequestStatus; needId: string } | null;
  groupEmail: { id: string; code: string } | null;
  musician: { id: string; code: string; name: string } | null;
  /** File names attached to the email. */
  attachments: string[];
}

export type MessageStatus = MessageView['status'];
/** The statuses the log can be filtered by (shared/schemas/engine-controls.ts messagesQuery). */
export const messageStatuses: MessageStatus[] = ['pending', 'sending', 'sent', 'failed'];

/** A group email as shared/app/engine/group-email.ts answers it. */
export interface GroupEmailView {
  id: string;
  code: string;
  subject: string;
  body: string;
  filter: { instrumentId?: string; positionId?: string };
  sentBy: string | null;
  createdAt: string;
  files: { id: string; filename: string }[];
  recipients: { musicianId: string; code: string; name: string; outboxId: string | null; status: MessageStatus | null }[];
}

/** What GET /api/projects/{id}/files answers per file (shared/app/files/read-files.ts), as far as the group email needs it. */
export interface ProjectFileSummary {
  id: string;
  code: string;
  filename: string;
  need: { id: string; code: string } | null;
  confirmed: boolean;
}

export interface SendOutcome {
  requests: { id: string; code: string; needId: string; musicianId: string }[];
  exhausted: string[];
  fingerprint: string;
  /** Null when someone was asked; otherwise why nobody was, with the needs and the skips counted by reason. */
  nobodyAsked: NobodyAsked | null;
}
