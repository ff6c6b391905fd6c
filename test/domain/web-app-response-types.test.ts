import { describe, expectTypeOf, it } from 'vitest';
import type { AccountView as ServerAccount } from '../../shared/app/accounts/current-account';
import type { AuditItem as ServerAuditItem } from '../../shared/app/audit/list-audit';
import type { GroupEmailView as ServerGroupEmail } from '../../shared/app/engine/group-email';
import type { MessageView as ServerMessage } from '../../shared/app/engine/message-log';
import type { ProjectPreview as ServerPreview } from '../../shared/app/engine/preview-project';
import type { ProjectStatus as ServerStatus } from '../../shared/app/engine/project-status';
import type { RespondView as ServerRespondView } from '../../shared/app/engine/respond-view';
import type { SendOutcome as ServerSendOutcome } from '../../shared/app/engine/send-project';
import type { FileUploadStart as ServerUploadStart } from '../../shared/app/files/create-file-upload';
import type { DownloadLink as ServerDownloadLink } from '../../shared/app/files/file-download-link';
import type { FileView as ServerFile } from '../../shared/app/files/read-files';
import type { InstrumentView as ServerInstrument } from '../../shared/app/instruments/read-instruments';
import type { PositionView as ServerPosition } from '../../shared/app/instruments/read-positions';
import type { ImportReport as ServerImportReport } from '../../shared/app/musicians/import-musicians';
import type { MusicianProfile as ServerMusicianProfile } from '../../shared/app/musicians/musician-profile';
import type { MusicianList as ServerMusicianList, MusicianView as ServerMusician } from '../../shared/app/musicians/read-musicians';
import type { NeedView as ServerNeed } from '../../shared/app/needs/read-needs';
import type { ProjectDetail as ServerProjectDetail, ProjectView as ServerProject } from '../../shared/app/projects/read-projects';
import type { RankingListView as ServerRankingList } from '../../shared/app/ranking-lists/read-ranking-lists';
import type { SettingsView as ServerSettings } from '../../shared/app/settings/settings-view';
import type { BackupMade as ServerBackupMade } from '../../shared/app/superadmin/back-up-orchestra';
import type { ProvisioningStarted as ServerProvisioningStarted } from '../../shared/app/superadmin/create-orchestra';
import type { OrchestraBackup as ServerBackup } from '../../shared/app/superadmin/list-backups';
import type {
  MigrationOverview as ServerMigrationOverview,
  MigrationRunDetail as ServerRunDetail,
  MigrationRunSummary as ServerRunSummary,
} from '../../shared/app/superadmin/migration-runs';
import type { OrchestraAdmin as ServerOrchestraAdmin } from '../../shared/app/superadmin/orchestra-admins';
import type { OrchestraDetail as ServerOrchestraDetail, OrchestraList as ServerOrchestraList } from '../../shared/app/superadmin/read-orchestras';
import type { TemplatePreview as ServerTemplatePreview } from '../../shared/app/templates/preview-template';
import type { TemplateDetail as ServerTemplateDetail, TemplateView as ServerTemplate } from '../../shared/app/templates/read-templates';
import type { Dashboard as ServerDashboard } from '../../shared/schemas/dashboard';
import type { Page } from '../../shared/schemas/paging';
import type { Page as WebPage } from '../../frontend/src/api/client';
import type { Me } from '../../frontend/src/api/session';
import type {
  BackupMade,
  MigrationOverview,
  MigrationRunDetail,
  MigrationRunSummary,
  OrchestraAdmin,
  OrchestraBackup,
  OrchestraDetail,
  OrchestraList,
  ProvisioningStarted,
} from '../../frontend/src/api/superadmin-types';
import type { AuditItem } from '../../frontend/src/pages/admin/audit-types';
import type { Dashboard } from '../../frontend/src/pages/admin/dashboard-types';
import type { Instrument } from '../../frontend/src/pages/admin/instruments-types';
import type { ImportReport, InstrumentWithPositions, Musician, MusicianList, MusicianProfile } from '../../frontend/src/pages/admin/musician-types';
import type {
  GroupEmailView as WebGroupEmail,
  MessageView as WebMessage,
  ProjectFileSummary,
  ProjectPreview as WebPreview,
  ProjectStatus as WebStatus,
  SendOutcome as WebSendOutcome,
} from '../../frontend/src/pages/admin/project-engine-types';
import type { DownloadLink, ProjectFile, UploadStart } from '../../frontend/src/pages/admin/project-files-types';
import type { MusicianOption, Need, Position, Project, ProjectDetail, RankingList } from '../../frontend/src/pages/admin/projects-types';
import type { Settings } from '../../frontend/src/pages/admin/settings-types';
import type { TemplateDetail, TemplatePreview, TemplateView } from '../../frontend/src/pages/admin/templates-types';
import type { RespondView } from '../../frontend/src/pages/respond-types';

/**
 * The web app restates the shapes the API answers (its type-check does not take in server code). These
 * checks run in `npm run typecheck`: each server answer, as JSON carries it, must fit what the page reads,
 * so a field renamed, dropped or widened on the server fails the build instead of a page at run time.
 * The server side is the type the route's handler sends (functions/<group>/handlers.ts), collections as
 * `Page<…>` where the handler answers `{ items, total }`.
 */
type AsJson<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? AsJson<Item>[]
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

describe('the web app reads what the API answers', () => {
  it('project engine: preview, send, live status, message log, group email', () => {
    expectTypeOf<AsJson<ServerPreview>>().toExtend<WebPreview>();
    expectTypeOf<AsJson<ServerSendOutcome>>().toExtend<WebSendOutcome>();
    expectTypeOf<AsJson<ServerStatus>>().toExtend<WebStatus>();
    expectTypeOf<AsJson<Page<ServerMessage>>>().toExtend<WebPage<WebMessage>>();
    expectTypeOf<AsJson<Page<ServerGroupEmail>>>().toExtend<WebPage<WebGroupEmail>>();
    expectTypeOf<AsJson<ServerGroupEmail>>().toExtend<WebGroupEmail>();
  });

  it('musicians: list with plan usage, one musician, profile, import report, the instrument picker', () => {
    expectTypeOf<AsJson<ServerMusicianList>>().toExtend<MusicianList>();
    expectTypeOf<AsJson<ServerMusicianList>>().toExtend<WebPage<MusicianOption>>();
    expectTypeOf<AsJson<ServerMusician>>().toExtend<Musician>();
    expectTypeOf<AsJson<ServerMusicianProfile>>().toExtend<MusicianProfile>();
    expectTypeOf<AsJson<ServerImportReport>>().toExtend<ImportReport>();
    expectTypeOf<AsJson<Page<ServerInstrument>>>().toExtend<WebPage<InstrumentWithPositions>>();
  });

  it('projects, needs, positions, ranking lists and project files', () => {
    expectTypeOf<AsJson<Page<ServerProject>>>().toExtend<WebPage<Project>>();
    expectTypeOf<AsJson<ServerProjectDetail>>().toExtend<ProjectDetail>();
    expectTypeOf<AsJson<ServerNeed>>().toExtend<Need>();
    expectTypeOf<AsJson<Page<ServerPosition>>>().toExtend<WebPage<Position>>();
    expectTypeOf<AsJson<Page<ServerRankingList>>>().toExtend<WebPage<RankingList>>();
    expectTypeOf<AsJson<ServerRankingList>>().toExtend<RankingList>();
    expectTypeOf<AsJson<Page<ServerFile>>>().toExtend<WebPage<ProjectFile>>();
    expectTypeOf<AsJson<Page<ServerFile>>>().toExtend<WebPage<ProjectFileSummary>>();
    expectTypeOf<AsJson<ServerFile>>().toExtend<ProjectFile>();
    expectTypeOf<AsJson<ServerUploadStart>>().toExtend<UploadStart>();
    expectTypeOf<AsJson<ServerDownloadLink>>().toExtend<DownloadLink>();
  });

  it('orchestra admin pages: dashboard, audit log, instruments, templates, settings', () => {
    expectTypeOf<AsJson<ServerDashboard>>().toExtend<Dashboard>();
    expectTypeOf<AsJson<Page<ServerAuditItem>>>().toExtend<WebPage<AuditItem>>();
    expectTypeOf<AsJson<Page<ServerInstrument>>>().toExtend<WebPage<Instrument>>();
    expectTypeOf<AsJson<Page<ServerTemplate>>>().toExtend<WebPage<TemplateView>>();
    expectTypeOf<AsJson<ServerTemplateDetail>>().toExtend<TemplateDetail>();
    expectTypeOf<AsJson<ServerTemplatePreview>>().toExtend<TemplatePreview>();
    expectTypeOf<AsJson<ServerSettings>>().toExtend<Settings>();
  });

  it('session and the musician’s response page', () => {
    expectTypeOf<AsJson<ServerAccount>>().toExtend<Me>();
    expectTypeOf<AsJson<ServerRespondView>>().toExtend<RespondView>();
  });

  it('superadmin: orchestras, admins, backups, migrations', () => {
    expectTypeOf<AsJson<ServerOrchestraList>>().toExtend<OrchestraList>();
    expectTypeOf<AsJson<ServerOrchestraDetail>>().toExtend<OrchestraDetail>();
    expectTypeOf<AsJson<ServerProvisioningStarted>>().toExtend<ProvisioningStarted>();
    expectTypeOf<AsJson<Page<ServerOrchestraAdmin>>>().toExtend<WebPage<OrchestraAdmin>>();
    expectTypeOf<AsJson<Page<ServerBackup>>>().toExtend<WebPage<OrchestraBackup>>();
    expectTypeOf<AsJson<ServerBackupMade>>().toExtend<BackupMade>();
    expectTypeOf<AsJson<ServerMigrationOverview>>().toExtend<MigrationOverview>();
    expectTypeOf<AsJson<ServerRunSummary>>().toExtend<MigrationRunSummary>();
    expectTypeOf<AsJson<ServerRunDetail>>().toExtend<MigrationRunDetail>();
  });
});
