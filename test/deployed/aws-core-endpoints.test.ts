import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchEmbeddedPostgres, type EmbeddedPostgresServer } from '../../infra/local/embedded-postgres-server';
import { createRdsDataDatabase } from '../../shared/adapters/aws/rds-data-database';
import { createSecretsManagerSecrets } from '../../shared/adapters/aws/secrets-manager-secrets';
import { createTenantCredentialProvider } from '../../shared/adapters/aws/tenant-credentials';
import {
  AccessDeniedError,
  type AwsCall,
  type Authorizer,
  type CredentialIssuer,
  type Credentials,
  type Decision,
  type Principal,
} from './support/contracts';
import { startRdsDataEndpoint, type RdsDataEndpoint } from './support/aws/rds-data-endpoint';
import { startSecretsManagerEndpoint, type SecretsManagerEndpoint } from './support/aws/secrets-manager-endpoint';
import { startStsEndpoint } from './support/aws/sts-endpoint';
import type { LocalEndpoint } from './support/contracts';

// Hand-written fakes of the iam/ parts (written elsewhere): keys in a map, and an authorizer that denies
// what a test's rule says, recording every call it was asked about.
class FakeIssuer implements CredentialIssuer {
  private readonly keys = new Map<string, { principal: Principal; credentials: Credentials }>();
  issue(principal: Principal): Credentials {
    const credentials = { accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(20).toString('base64'), sessionToken: randomBytes(16).toString('hex') };
    this.keys.set(credentials.accessKeyId, { principal, credentials });
    return credentials;
  }
  lookup(accessKeyId: string) {
    return this.keys.get(accessKeyId);
  }
}

/** Returns why the call is denied, or undefined to allow it. */
type Rule = (call: AwsCall) => string | undefined;

class FakeAuthorizer implements Authorizer {
  readonly decisions: Decision[] = [];
  rule: Rule = () => undefined;
  async authorize(call: AwsCall): Promise<void> {
    const why = this.rule(call);
    const decision = { call, allowed: why === undefined, explanation: why ?? 'allowed by the test' };
    this.decisions.push(decision);
    if (!decision.allowed) throw new AccessDeniedError(decision);
  }
  denials() {
    return this.decisions.filter((decision) => !decision.allowed);
  }
  callsOf(action: string) {
    return this.decisions.filter((decision) => decision.call.action === action).map((decision) => decision.call);
  }
}

const account = '111111111111';
const clusterArn = `arn:aws:rds:eu-north-1:${account}:cluster:orchestra-system-deployed-database`;
const tenantRoleArn = `arn:aws:iam::${account}:role/orchestra-system-deployed-data-TenantRole`;
const functionRole = `arn:aws:iam::${account}:role/orchestra-system-deployed-api-EngineFunctionRole`;
const functionPrincipal: Principal = { roleArn: functionRole, arn: functionRole, sessionTags: {}, label: 'api/EngineFunction' };

/** The tenant role's policy, as the data stack writes it: read only the secret tagged with the session's orchestra. */
const tenantRule: Rule = (call) => {
  if (call.action !== 'secretsmanager:GetSecretValue' || call.principal.roleArn !== tenantRoleArn) return undefined;
  const wanted = call.principal.sessionTags['orchestra-id'];
  return call.context['secretsmanager:ResourceTag/orchestra-id'] === wanted ? undefined : `condition secretsmanager:ResourceTag/orchestra-id = ${wanted} failed`;
};

const envNames = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_RDS_DATA', 'AWS_REGION'] as const;
const savedEnv = Object.fromEntries(envNames.map((name) => [name, process.env[name]]));

let issuer: FakeIssuer;
let authorizer: FakeAuthorizer;
let secretsManager: SecretsManagerEndpoint;
let sts: LocalEndpoint;
let rdsData: RdsDataEndpoint;
let postgres: EmbeddedPostgresServer;
let folder: string;
const login = { username: 'orchestra_app', password: randomBytes(12).toString('base64url') };
const database = 'orchestra_test';
const databaseSecretArn = `arn:aws:secretsmanager:eu-north-1:${account}:secret:orchestra-system/deployed/control-app-login-AbC123`;

// Clients find the endpoints the way a deployed asset does: through AWS_ENDPOINT_URL_<SERVICE> only.
const secretsClient = (credentials: Credentials) => new SecretsManagerClient({ credentials, maxAttempts: 1 });
const stsClient = (credentials: Credentials) => new STSClient({ credentials, maxAttempts: 1 });
const dataClient = (credentials: Credentials) => new RDSDataClient({ credentials, maxAttempts: 1 });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'deployed-aws-core-'));
  await chmod(folder, 0o755); // as root, PostgreSQL runs as `postgres` and must enter it
  postgres = await launchEmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    password: randomBytes(12).toString('base64url'),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  const admin = new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.superuser, password: postgres.password, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE ROLE ${login.username} LOGIN PASSWORD '${login.password}'`);
  await admin.query(`CREATE DATABASE ${database} OWNER ${login.username}`);
  await admin.end();

  issuer = new FakeIssuer();
  authorizer = new FakeAuthorizer();
  secretsManager = await startSecretsManagerEndpoint({ issuer, authorizer });
  sts = await startStsEndpoint({ issuer, authorizer });
  rdsData = await startRdsDataEndpoint({ secrets: secretsManager.store, pg: { host: postgres.host, port: postgres.port }, clusterArn, issuer, authorizer });
  secretsManager.seed([{ name: 'orchestra-system/deployed/control-app-login', arn: databaseSecretArn, value: login, tags: {} }]);

  process.env.AWS_REGION = 'eu-north-1';
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.url;
  process.env.AWS_ENDPOINT_URL_STS = sts.url;
  process.env.AWS_ENDPOINT_URL_RDS_DATA = rdsData.url;
}, 120_000);

afterAll(async () => {
  for (const name of envNames) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await Promise.all([secretsManager?.stop(), sts?.stop(), rdsData?.stop()]);
  await postgres?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  authorizer.rule = () => undefined;
  authorizer.decisions.length = 0;
});

describe('local Secrets Manager', () => {
  it('creates, reads (by ARN, partial ARN, name), updates, tags, describes and lists a secret as AWS does', async () => {
    const client = secretsClient(issuer.issue(functionPrincipal));
    const name = 'orchestra-system/deployed/orchestras/o-1';
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: '{"v":1}', Tags: [{ Key: 'orchestra-id', Value: 'o-1' }] }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:eu-north-1:${account}:secret:orchestra-system/deployed/orchestras/o-1-[A-Za-z0-9]{6}$`));
    expect(created.VersionId).toBeTruthy();

    for (const secretId of [created.ARN!, `arn:aws:secretsmanager:eu-north-1:${account}:secret:${name}`, name]) {
      const value = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      expect(value).toMatchObject({ ARN: created.ARN, Name: name, SecretString: '{"v":1}', VersionStages: ['AWSCURRENT'] });
      expect(value.CreatedDate).toBeInstanceOf(Date);
    }
    await expect(client.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }))).rejects.toMatchObject({ name: 'ResourceExistsException' });

    const put = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: '{"v":2}' }));
    expect(put).toMatchObject({ ARN: created.ARN, VersionStages: ['AWSCURRENT'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: created.ARN }))).SecretString).toBe('{"v":2}');
    expect((await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('{"v":1}');

    await client.send(new TagResourceCommand({ SecretId: created.ARN, Tags: [{ Key: 'kind', Value: 'login' }] }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.Tags).toEqual([
      { Key: 'orchestra-id', Value: 'o-1' },
      { Key: 'kind', Value: 'login' },
    ]);
    expect(secretsManager.read(name)).toMatchObject({ arn: created.ARN, value: '{"v":2}', tags: { 'orchestra-id': 'o-1', kind: 'login' } });

    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'tag-value', Values: ['o-1'] }] }));
    expect(listed.SecretList?.map((secret) => secret.ARN)).toEqual([created.ARN]);

    await expect(client.send(new GetSecretValueCommand({ SecretId: 'orchestra-system/deployed/orchestras/none' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('hands IAM the action, the secret ARN and the tag and name condition keys', async () => {
    const client = secretsClient(issuer.issue(functionPrincipal));
    const { ARN } = await client.send(new CreateSecretCommand({ Name: 'orchestras/ctx', SecretString: 's', Tags: [{ Key: 'orchestra-id', Value: 'o-9' }] }));
    await client.send(new GetSecretValueCommand({ SecretId: 'orchestras/ctx' }));
    await client.send(new TagResourceCommand({ SecretId: ARN, Tags: [{ Key: 'team', Value: 'ops' }] }));

    const [create] = authorizer.callsOf('secretsmanager:CreateSecret');
    expect(create).toMatchObject({
      principal: functionPrincipal,
      resource: ARN,
      context: { 'secretsmanager:Name': 'orchestras/ctx', 'aws:RequestTag/orchestra-id': 'o-9', 'aws:TagKeys': ['orchestra-id'] },
    });
    expect(authorizer.callsOf('secretsmanager:GetSecretValue')[0]).toMatchObject({ resource: ARN, context: { 'secretsmanager:ResourceTag/orchestra-id': 'o-9' } });
    expect(authorizer.callsOf('secretsmanager:TagResource')[0]).toMatchObject({
      resource: ARN,
      context: { 'secretsmanager:ResourceTag/orchestra-id': 'o-9', 'aws:RequestTag/team': 'ops', 'aws:TagKeys': ['team'] },
    });
  });

  it('keeps a deleted secret marked for deletion until restored, and forgets a force-deleted one', async () => {
    const client = secretsClient(issuer.issue(functionPrincipal));
    const name = 'orchestras/deleted';
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'old' }));
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate!.getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);

    await expect(client.send(new GetSecretValueCommand({ SecretId: name }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringContaining('marked for deletion'),
    });
    await expect(client.send(new CreateSecretCommand({ Name: name, SecretString: 'new' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringContaining('scheduled for deletion'),
    });
    expect((await client.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeInstanceOf(Date);

    await client.send(new RestoreSecretCommand({ SecretId: name }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('old');

    await client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    await expect(client.send(new GetSecretValueCommand({ SecretId: name }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'new' }));
    expect(secretsManager.read(name)?.value).toBe('new');
    expect(authorizer.callsOf('secretsmanager:DeleteSecret').map((call) => call.context['secretsmanager:ForceDeleteWithoutRecovery'])).toEqual(['false', 'true']);
  });

  it('answers a denied call with AccessDeniedException and an unknown key with UnrecognizedClientException', async () => {
    const client = secretsClient(issuer.issue(functionPrincipal));
    authorizer.rule = (call) => (call.action === 'secretsmanager:GetSecretValue' ? 'no identity-based policy allows it' : undefined);
    await expect(client.send(new GetSecretValueCommand({ SecretId: databaseSecretArn }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${functionRole} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${databaseSecretArn} (no identity-based policy allows it)`,
      $metadata: { httpStatusCode: 400 },
    });
    const stranger = secretsClient({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    await expect(stranger.send(new GetSecretValueCommand({ SecretId: databaseSecretArn }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it("serves the product's Secrets adapter, including its re-run path (exists → put + tag)", async () => {
    const secrets = createSecretsManagerSecrets(secretsClient(issuer.issue(functionPrincipal)), { cacheMs: 0 });
    const name = 'orchestras/adapter';
    const arn = await secrets.put(name, { password: 'a' }, { 'orchestra-id': 'o-2' });
    expect(await secrets.put(name, { password: 'b' }, { 'orchestra-id': 'o-2' })).toBe(arn);
    expect(await secrets.get(name)).toEqual({ password: 'b' });
    await secrets.delete(name);
    await secrets.delete(name); // deleting twice is fine for the adapter (ResourceNotFoundException swallowed)
    expect(secretsManager.read(name)).toBeUndefined();
  });
});

describe('local STS', () => {
  it('assumes a role with session tags, judged as sts:AssumeRole and sts:TagSession, and issues keys for the tagged session', async () => {
    const client = stsClient(issuer.issue(functionPrincipal));
    const { Credentials, AssumedRoleUser } = await client.send(
      new AssumeRoleCommand({ RoleArn: tenantRoleArn, RoleSessionName: 'orchestra-o-1', DurationSeconds: 3600, Tags: [{ Key: 'orchestra-id', Value: 'o-1' }] }),
    );
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/orchestra-system-deployed-data-TenantRole/orchestra-o-1`);
    expect(Credentials?.Expiration).toBeInstanceOf(Date);
    expect(Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(issuer.lookup(Credentials!.AccessKeyId!)?.principal).toMatchObject({
      roleArn: tenantRoleArn,
      arn: AssumedRoleUser?.Arn,
      sessionTags: { 'orchestra-id': 'o-1' },
    });

    const expectedContext = { 'aws:RequestTag/orchestra-id': 'o-1', 'aws:TagKeys': ['orchestra-id'], 'sts:RoleSessionName': 'orchestra-o-1' };
    expect(authorizer.callsOf('sts:AssumeRole')).toEqual([{ principal: functionPrincipal, action: 'sts:AssumeRole', resource: tenantRoleArn, context: expectedContext }]);
    expect(authorizer.callsOf('sts:TagSession')).toEqual([{ principal: functionPrincipal, action: 'sts:TagSession', resource: tenantRoleArn, context: expectedContext }]);

    const session = stsClient({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken });
    expect(await session.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: AssumedRoleUser?.Arn, Account: account });
  });

  it('answers AccessDenied, InvalidClientTokenId and ValidationError in the query protocol', async () => {
    const client = stsClient(issuer.issue(functionPrincipal));
    authorizer.rule = (call) => (call.action === 'sts:TagSession' ? 'the trust policy does not allow sts:TagSession' : undefined);
    await expect(
      client.send(new AssumeRoleCommand({ RoleArn: tenantRoleArn, RoleSessionName: 'orchestra-o-1', Tags: [{ Key: 'orchestra-id', Value: 'o-1' }] })),
    ).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('sts:TagSession'), $metadata: { httpStatusCode: 403 } });

    await expect(client.send(new AssumeRoleCommand({ RoleArn: tenantRoleArn, RoleSessionName: 'x', DurationSeconds: 7200 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(client.send(new AssumeRoleCommand({ RoleArn: tenantRoleArn, RoleSessionName: 'ok-name', DurationSeconds: 7200 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('MaxSessionDuration'),
    });
    const stranger = stsClient({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    await expect(stranger.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });
});

describe('local RDS Data API', () => {
  const caller = () => dataClient(issuer.issue(functionPrincipal));
  const target = { resourceArn: clusterArn, secretArn: databaseSecretArn, database };

  it('executes statements on PostgreSQL as the secret’s login, with typed parameters, JSON records and metadata', async () => {
    const client = caller();
    await client.send(new ExecuteStatementCommand({ ...target, sql: 'CREATE TABLE things (id int PRIMARY KEY, name text, data bytea, at timestamptz)' }));
    const inserted = await client.send(
      new ExecuteStatementCommand({
        ...target,
        sql: 'INSERT INTO things VALUES (:id, :name, :data, :at::timestamptz)',
        parameters: [
          { name: 'id', value: { longValue: 1 } },
          { name: 'name', value: { stringValue: 'violin' } },
          { name: 'data', value: { blobValue: new Uint8Array([1, 2, 255]) } },
          { name: 'at', value: { stringValue: '2026-01-02 03:04:05' }, typeHint: 'TIMESTAMP' },
        ],
      }),
    );
    expect(inserted.numberOfRecordsUpdated).toBe(1);
    const batch = await client.send(
      new BatchExecuteStatementCommand({
        ...target,
        sql: 'INSERT INTO things (id, name) VALUES (:id, :name)',
        parameterSets: [2, 3].map((id) => [
          { name: 'id', value: { longValue: id } },
          { name: 'name', value: { stringValue: `n${id}` } },
        ]),
      }),
    );
    expect(batch.updateResults).toHaveLength(2);

    const selected = await client.send(
      new ExecuteStatementCommand({
        ...target,
        sql: 'SELECT id, name, data, at, current_user AS who FROM things ORDER BY id',
        includeResultMetadata: true,
        formatRecordsAs: 'JSON',
      }),
    );
    expect(JSON.parse(selected.formattedRecords!)).toEqual([
      { id: 1, name: 'violin', data: Buffer.from([1, 2, 255]).toString('base64'), at: '2026-01-02 03:04:05.000000', who: login.username },
      { id: 2, name: 'n2', data: null, at: null, who: login.username },
      { id: 3, name: 'n3', data: null, at: null, who: login.username },
    ]);
    expect(selected.columnMetadata?.map((column) => column.typeName)).toEqual(['int4', 'text', 'bytea', 'timestamptz', 'name']);
  });

  it('commits and rolls back transactions', async () => {
    const client = caller();
    await client.send(new ExecuteStatementCommand({ ...target, sql: 'CREATE TABLE ledger (entry text)' }));
    const count = async () =>
      JSON.parse((await client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT entry FROM ledger ORDER BY entry', formatRecordsAs: 'JSON' }))).formattedRecords!);

    const kept = (await client.send(new BeginTransactionCommand(target))).transactionId!;
    await client.send(new ExecuteStatementCommand({ ...target, sql: "INSERT INTO ledger VALUES ('kept')", transactionId: kept }));
    expect(await count()).toEqual([]); // not visible outside the transaction before commit
    expect((await client.send(new CommitTransactionCommand({ ...target, transactionId: kept }))).transactionStatus).toBe('Transaction Committed');

    const dropped = (await client.send(new BeginTransactionCommand(target))).transactionId!;
    await client.send(new ExecuteStatementCommand({ ...target, sql: "INSERT INTO ledger VALUES ('dropped')", transactionId: dropped }));
    expect((await client.send(new RollbackTransactionCommand({ ...target, transactionId: dropped }))).transactionStatus).toBe('Rollback Complete');

    expect(await count()).toEqual([{ entry: 'kept' }]);
    expect(rdsData.standIn.openTransactions).toBe(0);
    await expect(client.send(new CommitTransactionCommand({ ...target, transactionId: dropped }))).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it("reports a SQL error as the Data API does, ending in '; SQLState: 42P01'", async () => {
    const error = await caller()
      .send(new ExecuteStatementCommand({ ...target, sql: 'SELECT * FROM missing_table' }))
      .then(() => expect.unreachable('the statement should fail'))
      .catch((caught: unknown) => caught as Error & { $metadata: { httpStatusCode?: number } });
    expect(error).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toMatch(/^ERROR: relation "missing_table" does not exist\n {2}Position: \d+; SQLState: 42P01$/);
  });

  it('judges rds-data:<Action> on the cluster and the secret read as the caller, and refuses another cluster', async () => {
    const client = caller();
    await client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT 1' }));
    expect(authorizer.decisions.map((decision) => [decision.call.action, decision.call.resource])).toEqual([
      ['rds-data:ExecuteStatement', clusterArn],
      ['secretsmanager:GetSecretValue', databaseSecretArn],
    ]);
    expect(authorizer.decisions[1].call.principal).toEqual(functionPrincipal);

    authorizer.rule = (call) => (call.action === 'rds-data:ExecuteStatement' ? 'no statement allows rds-data:ExecuteStatement' : undefined);
    await expect(client.send(new ExecuteStatementCommand({ ...target, sql: 'SELECT 1' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    authorizer.rule = () => undefined;
    await expect(client.send(new ExecuteStatementCommand({ ...target, resourceArn: `${clusterArn}-other`, sql: 'SELECT 1' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('invalid cluster id'),
    });
    await expect(
      client.send(new ExecuteStatementCommand({ ...target, secretArn: `${databaseSecretArn.slice(0, -7)}-gone00`, sql: 'SELECT 1' })),
    ).rejects.toMatchObject({ name: 'SecretsErrorException' });
  });

  it("serves the product's Data API adapter: dates, bytes, JSON and a transaction", async () => {
    const db = createRdsDataDatabase({ client: caller(), ...target, retry: { sleep: async () => undefined } });
    await db.query('CREATE TABLE notes (at timestamptz, body bytea, doc jsonb)');
    const at = new Date('2026-03-04T05:06:07.123Z');
    await db.transaction((tx) => tx.query('INSERT INTO notes VALUES (:at, :body, :doc)', { at, body: new Uint8Array([7, 8]), doc: { a: 1 } }));
    const { rows } = await db.query<{ at: string; body: string; doc: unknown }>('SELECT at, body, doc FROM notes');
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0].at).toISOString()).toBe(at.toISOString());
    expect(rows[0].body).toBe(Buffer.from([7, 8]).toString('base64'));
    expect(rows[0].doc).toEqual({ a: 1 });
  });

  it("denies a tenant session of orchestra A reading orchestra B's secret, because IAM judges the read with the session's tags", async () => {
    secretsManager.seed([
      { name: 'orchestra-system/deployed/orchestras/o-a/login', value: login, tags: { 'orchestra-id': 'o-a' } },
      { name: 'orchestra-system/deployed/orchestras/o-b/login', value: login, tags: { 'orchestra-id': 'o-b' } },
    ]);
    const secretA = secretsManager.read('orchestra-system/deployed/orchestras/o-a/login')!.arn;
    const secretB = secretsManager.read('orchestra-system/deployed/orchestras/o-b/login')!.arn;
    authorizer.rule = tenantRule;

    // The product's own tenant credentials: AssumeRole with orchestra-id=o-a through the local STS.
    const tenant = createTenantCredentialProvider({ sts: stsClient(issuer.issue(functionPrincipal)), roleArn: tenantRoleArn });
    const session = dataClient(await tenant('o-a'));

    const own = await session.send(new ExecuteStatementCommand({ ...target, secretArn: secretA, sql: 'SELECT 1 AS one', formatRecordsAs: 'JSON' }));
    expect(JSON.parse(own.formattedRecords!)).toEqual([{ one: 1 }]);

    await expect(session.send(new ExecuteStatementCommand({ ...target, secretArn: secretB, sql: 'SELECT 1' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(
        /^User: arn:aws:sts::111111111111:assumed-role\/orchestra-system-deployed-data-TenantRole\/orchestra-o-a is not authorized to perform: secretsmanager:GetSecretValue on resource: .*o-b\/login-\w{6} \(condition secretsmanager:ResourceTag\/orchestra-id = o-a failed\)$/,
      ),
    });
    expect(authorizer.denials()).toHaveLength(1);
    expect(authorizer.denials()[0].call).toMatchObject({
      action: 'secretsmanager:GetSecretValue',
      resource: secretB,
      principal: { roleArn: tenantRoleArn, sessionTags: { 'orchestra-id': 'o-a' } },
      context: { 'secretsmanager:ResourceTag/orchestra-id': 'o-b' },
    });
  });
});
