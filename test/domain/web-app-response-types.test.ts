import { describe, expectTypeOf, it } from 'vitest';
import type { GroupEmailView as ServerGroupEmail } from '../../shared/app/engine/group-email';
import type { MessageView as ServerMessage } from '../../shared/app/engine/message-log';
import type { ProjectPreview as ServerPreview } from '../../shared/app/engine/preview-project';
import type { ProjectStatus as ServerStatus } from '../../shared/app/engine/project-status';
import type { SendOutcome as ServerSendOutcome } from '../../shared/app/engine/send-project';
import type {
  GroupEmailView as WebGroupEmail,
  MessageView as WebMessage,
  ProjectPreview as WebPreview,
  ProjectStatus as WebStatus,
  SendOutcome as WebSendOutcome,
} from '../../frontend/src/pages/admin/project-engine-types';

/**
 * The web app restates the shapes the API answers (its type-check does not take in server code). These
 * checks run in `npm run typecheck`: each server answer, as JSON carries it, must fit what the page reads,
 * so a field renamed, dropped or widened on the server fails the build instead of a page at run time.
 */
type AsJson<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? AsJson<Item>[]
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

describe('the web app reads what the API answers', () => {
  it('project engine: preview, send, live status, message log, group email', () => {
    expectTypeOf<AsJson<ServerPreview>>().toExtend<WebPreview>();
    expectTypeOf<AsJson<ServerSendOutcome>>().toExtend<WebSendOutcome>();
    expectTypeOf<AsJson<ServerStatus>>().toExtend<WebStatus>();
    expectTypeOf<AsJson<ServerMessage>>().toExtend<WebMessage>();
    expectTypeOf<AsJson<ServerGroupEmail>>().toExtend<WebGroupEmail>();
  });
});
