import { randomUUID } from 'node:crypto';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFunction } from '../../infra/constructs/api-function';
import type { OrchestraSystemStacks } from '../../infra/orchestra-system';
import { servedStorageKey, uploadStorageKey } from '../../shared/app/files/file-keys';
import { backupKey } from '../../shared/domain/backup-key';
import { removeSynthOutput, synthesizedApp } from './synth-app';

/**
 * S3 answers HeadObject/GetObject on a missing key with 404 only to a caller allowed s3:ListBucket on the
 * bucket (evaluated with s3:prefix = the key); anyone else gets 403 AccessDenied. So every role whose code
 * asks the file store whether a key exists (exists/stat) must hold ListBucket for the keys it asks about,
 * or "missing" turns into an error in AWS while every local run says "missing". Request functions ask through
 * an orchestra's tenant-role session (its policy variables filled with the session's tag), the restore steps
 * with their own role. (The deployed tier evaluates the same policies with a real IAM evaluator.)
 */
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

let stacks: OrchestraSystemStacks;
const templates = new Map<Stack, Template>();

function resources(stack: Stack, type: string): Resources {
  let found = templates.get(stack);
  if (!found) templates.set(stack, (found = Template.fromStack(stack)));
  return found.findResources(type) as Resources;
}

function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return element.stack.resolve(element.logicalId) as string;
}

/** Every statement the function's role holds: its inline policies and the data stack's managed policies it attaches. */
function roleStatements(stack: Stack, fn: ApiFunction): Statement[] {
  const roleId = logicalId(fn.role as unknown as IConstruct);
  const role = resources(stack, 'AWS::IAM::Role')[roleId];
  const inline = Object.values(resources(stack, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties?.Roles as { Ref?: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties?.PolicyDocument.Statement as Statement[]);
  const attached = JSON.stringify(role.Properties?.ManagedPolicyArns ?? []);
  const managed = Object.entries(resources(stacks.data, 'AWS::IAM::ManagedPolicy'))
    .filter(([id]) => attached.includes(id))
    .flatMap(([, p]) => p.Properties?.PolicyDocument.Statement as Statement[]);
  return [...inline, ...managed];
}

const globToRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The tenant role's statements as a session tagged with this orchestra holds them (policy variables filled in). */
function tenantSessionStatements(orchestraId: string): Statement[] {
  const roleId = logicalId(stacks.data.tenantRole);
  const statements = Object.values(resources(stacks.data, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties?.Roles as { Ref?: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties?.PolicyDocument.Statement as Statement[]);
  return JSON.parse(JSON.stringify(statements).replaceAll('${aws:PrincipalTag/orchestra-id}', orchestraId)) as Statement[];
}

/** Whether the statements allow an object action (s3:GetObject by default) on the key of the files bucket. */
function mayRead(statements: Statement[], key: string, action = 's3:GetObject'): boolean {
  const bucketArn = logicalId(stacks.data.filesBucket);
  return statements.some((s) => {
    if (s.Effect !== 'Allow' || ![s.Action].flat().includes(action)) return false;
    const join = (s.Resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (!join || JSON.stringify(join[1][0]) !== JSON.stringify({ 'Fn::GetAtt': [bucketArn, 'Arn'] })) return false;
    return globToRegExp(String(join[1][1]).replace(/^\//, '')).test(key);
  });
}

/** Whether the statements allow s3:ListBucket on the files bucket with s3:prefix = key (as S3 decides 404 vs 403). */
function mayLearnMissing(statements: Statement[], key: string): boolean {
  const bucket = { 'Fn::GetAtt': [logicalId(stacks.data.filesBucket), 'Arn'] };
  return statements.some((s) => {
    const actions = [s.Action].flat();
    if (s.Effect !== 'Allow' || !actions.includes('s3:ListBucket')) return false;
    if (JSON.stringify(s.Resource) !== JSON.stringify(bucket)) return false;
    const prefixes = [s.Condition?.StringLike?.['s3:prefix'] ?? []].flat();
    // Unconditioned ListBucket would list every orchestra's keys: not what these roles may read.
    return prefixes.some((p) => globToRegExp(p).test(key));
  });
}

beforeAll(() => {
  stacks = synthesizedApp().prod;
});

afterAll(() => removeSynthOutput());

describe('roles that ask whether a file exists', () => {
  const orchestra = randomUUID();
  const projectFile = () => uploadStorageKey(orchestra, randomUUID());
  const backup = () => backupKey(orchestra, new Date('2026-11-25T09:00:00Z'));

  it('hold s3:ListBucket for exactly the keys they check (files: confirm upload and superadmin: restoreFrom, through the tenant session; Migrate and Seed: the backup)', () => {
    const ownSession = tenantSessionStatements(orchestra);
    const checkers: [string, Statement[], string][] = [
      ["files API confirms an upload (readStart), in the orchestra's session", ownSession, projectFile()],
      ["superadmin API checks restoreFrom (exists), in the backed-up orchestra's session", ownSession, backup()],
      ['Migrate step reads the backup (exists)', roleStatements(stacks.workflows, stacks.workflows.functions.MigrateFunctionArn), backup()],
      ['Seed step reads the backup (exists)', roleStatements(stacks.workflows, stacks.workflows.functions.SeedFunctionArn), backup()],
    ];
    const missing = checkers.filter(([, statements, key]) => !mayLearnMissing(statements, key)).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("give a tenant session its own orchestra's files and no other's, and request functions no file access of their own", () => {
    const other = randomUUID();
    const session = tenantSessionStatements(orchestra);
    expect(mayRead(session, projectFile())).toBe(true);
    expect(mayRead(session, backup())).toBe(true);
    expect(mayRead(session, uploadStorageKey(other, randomUUID()))).toBe(false);
    expect(mayLearnMissing(session, backupKey(other, new Date()))).toBe(false);
    expect(mayRead(session, 'orchestras/')).toBe(false);
    for (const [group, fn] of Object.entries(stacks.api.functions)) {
      const own = roleStatements(stacks.api, fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
      expect(own, group).toEqual([]);
    }
    expect(roleStatements(stacks.jobs, stacks.jobs.tick).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))).toEqual([]);
  });

  it('let a tenant session confirm an upload: read the upload key, copy it to the served key (CopyObject: GetObject on the source, PutObject on the target), delete the upload key', () => {
    const session = tenantSessionStatements(orchestra);
    const upload = projectFile();
    const served = servedStorageKey(upload, '"9e107d9d372bb6826bd81d3542a419d6"');
    expect(mayRead(session, upload, 's3:GetObject')).toBe(true);
    expect(mayRead(session, served, 's3:PutObject')).toBe(true);
    expect(mayRead(session, upload, 's3:DeleteObject')).toBe(true);
    expect(mayRead(session, served, 's3:DeleteObject')).toBe(true);
    expect(mayRead(session, servedStorageKey(uploadStorageKey(randomUUID(), randomUUID()), 'v'), 's3:PutObject')).toBe(false);
  });

  it('scope the listing by s3:prefix: the restore steps may learn of backups only, never of project files', () => {
    for (const fn of [stacks.workflows.functions.MigrateFunctionArn, stacks.workflows.functions.SeedFunctionArn]) {
      const statements = roleStatements(stacks.workflows, fn);
      expect(mayLearnMissing(statements, backup())).toBe(true);
      expect(mayLearnMissing(statements, projectFile())).toBe(false);
      expect(mayLearnMissing(statements, 'something-else/at-the-root')).toBe(false);
    }
    // No step without the backup grant may list at all.
    for (const [placeholder, fn] of Object.entries(stacks.workflows.functions)) {
      if (placeholder === 'MigrateFunctionArn' || placeholder === 'SeedFunctionArn') continue;
      expect(roleStatements(stacks.workflows, fn).filter((s) => [s.Action].flat().includes('s3:ListBucket'))).toEqual([]);
    }
  });
});
