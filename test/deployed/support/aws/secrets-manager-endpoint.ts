import { randomUUID } from 'node:crypto';
import { AccessDeniedError, type Authorizer, type CredentialIssuer, type LocalEndpoint, type Principal } from '../contracts';
import { callerAccessKey } from './caller-key';
import { serveEndpoint, type EndpointRequest, type EndpointResponse } from './endpoint-server';
import {
  currentVersion,
  newSecretArn,
  resourceTagContext,
  SecretStore,
  secretResourceArn,
  type SecretSnapshot,
  type SeededSecret,
  type StoredSecret,
} from './secret-store';

/**
 * A local Secrets Manager speaking its real protocol (awsJson1_1: `POST /`, `X-Amz-Target:
 * secretsmanager.<Action>`, PascalCase JSON, timestamps as epoch seconds, errors as HTTP 400 with
 * `__type`), so the bundled SDK v3 client works against it through AWS_ENDPOINT_URL_SECRETS_MANAGER.
 * Every call is judged by the Authorizer as the caller's principal with the condition keys Secrets Manager
 * puts in the request context (the secret's tags, the request's tags, its name).
 */
export interface SecretsManagerEndpointOptions {
  issuer: CredentialIssuer;
  authorizer: Authorizer;
  /** Shared with the Data API endpoint; a fresh one when absent. */
  store?: SecretStore;
}

export interface SecretsManagerEndpoint extends LocalEndpoint {
  store: SecretStore;
  /** Preloads secrets (the stack's own, whose ARNs the templates fixed). */
  seed(secrets: SeededSecret[]): void;
  read(nameOrArn: string): SecretSnapshot | undefined;
}

class SecretsManagerError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Body = Record<string, any>;
type Tag = { Key?: string; Value?: string };

const markedForDeletion = "You can't perform this operation on the secret because it was marked for deletion.";
const notFound = "Secrets Manager can't find the specified secret.";

export async function startSecretsManagerEndpoint(options: SecretsManagerEndpointOptions): Promise<SecretsManagerEndpoint> {
  const store = options.store ?? new SecretStore();
  const actions = secretsManagerActions(store, options.authorizer);

  const endpoint = await serveEndpoint('SECRETS_MANAGER', async (request) => {
    try {
      return ok(await answer(request));
    } catch (error) {
      if (error instanceof SecretsManagerError) return failure(error);
      throw error;
    }
  });

  async function answer(request: EndpointRequest): Promise<unknown> {
    const caller = identify(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
    const run = actions[action];
    if (!run) throw new SecretsManagerError('UnknownOperationException', `Operation ${target || '(no X-Amz-Target)'} is not supported locally`);
    let body: Body;
    try {
      body = request.body.length ? (JSON.parse(request.body.toString('utf8')) as Body) : {};
    } catch {
      throw new SecretsManagerError('SerializationException', 'The request body is not valid JSON');
    }
    return run(caller, body);
  }

  function identify(request: EndpointRequest): Principal {
    const key = callerAccessKey(request);
    const known = key ? options.issuer.lookup(key) : undefined;
    if (!known) throw new SecretsManagerError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    return known.principal;
  }

  return {
    ...endpoint,
    store,
    seed: (secrets) => store.seed(secrets),
    read: (nameOrArn) => store.read(nameOrArn),
  };
}

function secretsManagerActions(store: SecretStore, authorizer: Authorizer): Record<string, (caller: Principal, body: Body) => Promise<unknown>> {
  async function authorize(principal: Principal, action: string, resource: string, context: Record<string, string | string[]>) {
    try {
      await authorizer.authorize({ principal, action: `secretsmanager:${action}`, resource, context });
    } catch (error) {
      if (error instanceof AccessDeniedError) throw new SecretsManagerError('AccessDeniedException', error.message);
      throw error;
    }
  }

  /** Finds the secret, judges the call on it, and refuses a missing one after IAM (as AWS does). */
  async function existing(caller: Principal, action: string, body: Body, extra: Record<string, string | string[]> = {}): Promise<StoredSecret> {
    const secretId = requiredString(body, 'SecretId');
    const secret = store.find(secretId);
    const arn = secretResourceArn(secretId, secret);
    await authorize(caller, action, arn, { 'secretsmanager:SecretId': arn, ...resourceTagContext(secret), ...extra });
    if (!secret) throw new SecretsManagerError('ResourceNotFoundException', notFound);
    return secret;
  }

  function refuseIfDeleted(secret: StoredSecret) {
    if (secret.deletionDate) throw new SecretsManagerError('InvalidRequestException', markedForDeletion);
  }

  return {
    async CreateSecret(caller, body) {
      const name = requiredString(body, 'Name');
      if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
        throw new SecretsManagerError('ValidationException', `Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!`);
      }
      const tags = tagsOf(body.Tags);
      const arn = newSecretArn(name);
      await authorize(caller, 'CreateSecret', arn, { 'secretsmanager:Name': name, ...requestTagContext(tags) });
      const taken = store.find(name);
      if (taken?.deletionDate) {
        throw new SecretsManagerError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
      }
      if (taken) throw new SecretsManagerError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      const now = new Date();
      const secret: StoredSecret = { arn, name, description: body.Description, tags, versions: [], created: now, lastChanged: now };
      const version = newVersion(body);
      if (version) secret.versions.push(version);
      store.add(secret);
      return { ARN: arn, Name: name, VersionId: version?.id };
    },

    async GetSecretValue(caller, body) {
      const context: Record<string, string> = {};
      if (body.VersionId) context['secretsmanager:VersionId'] = body.VersionId;
      if (body.VersionStage) context['secretsmanager:VersionStage'] = body.VersionStage;
      const secret = await existing(caller, 'GetSecretValue', body, context);
      refuseIfDeleted(secret);
      const stage = body.VersionStage ?? (body.VersionId ? undefined : 'AWSCURRENT');
      const version = secret.versions.find((v) => (!body.VersionId || v.id === body.VersionId) && (!stage || v.stages.includes(stage)));
      if (!version) throw new SecretsManagerError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: " + (stage ?? body.VersionId));
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        SecretString: version.string,
        SecretBinary: version.binary?.toString('base64'),
        VersionStages: version.stages,
        CreatedDate: epochSeconds(version.created),
      };
    },

    async PutSecretValue(caller, body) {
      const secret = await existing(caller, 'PutSecretValue', body);
      refuseIfDeleted(secret);
      const same = body.ClientRequestToken ? secret.versions.find((v) => v.id === body.ClientRequestToken) : undefined;
      if (same) {
        // Idempotent retry of the same request; a different value under the same token is refused.
        if (same.string !== body.SecretString) throw new SecretsManagerError('ResourceExistsException', "You can't modify an existing version, you can only create new versions.");
        return { ARN: secret.arn, Name: secret.name, VersionId: same.id, VersionStages: same.stages };
      }
      const version = newVersion(body);
      if (!version) throw new SecretsManagerError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
      for (const older of secret.versions) {
        older.stages = older.stages.filter((stage) => stage !== 'AWSPREVIOUS');
        if (older.stages.includes('AWSCURRENT')) older.stages = [...older.stages.filter((stage) => stage !== 'AWSCURRENT'), 'AWSPREVIOUS'];
      }
      secret.versions = secret.versions.filter((v) => v.stages.length > 0);
      secret.versions.push(version);
      secret.lastChanged = version.created;
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
    },

    async DescribeSecret(caller, body) {
      return describe(await existing(caller, 'DescribeSecret', body));
    },

    async TagResource(caller, body) {
      const tags = tagsOf(body.Tags);
      const secret = await existing(caller, 'TagResource', body, requestTagContext(tags));
      refuseIfDeleted(secret);
      Object.assign(secret.tags, tags);
      return {};
    },

    async UntagResource(caller, body) {
      const keys = (body.TagKeys ?? []) as string[];
      const secret = await existing(caller, 'UntagResource', body, { 'aws:TagKeys': keys });
      refuseIfDeleted(secret);
      for (const key of keys) delete secret.tags[key];
      return {};
    },

    async DeleteSecret(caller, body) {
      const force = body.ForceDeleteWithoutRecovery === true;
      if (force && body.RecoveryWindowInDays !== undefined) {
        throw new SecretsManagerError('InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
      }
      const days = Number(body.RecoveryWindowInDays ?? 30);
      if (!force && (!Number.isInteger(days) || days < 7 || days > 30)) {
        throw new SecretsManagerError('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
      }
      const context: Record<string, string> = { 'secretsmanager:ForceDeleteWithoutRecovery': String(force) };
      if (!force) context['secretsmanager:RecoveryWindowInDays'] = String(days);
      const secret = await existing(caller, 'DeleteSecret', body, context);
      if (secret.deletionDate && !force) {
        throw new SecretsManagerError('InvalidRequestException', "You can't perform this operation on the secret because it was already scheduled for deletion.");
      }
      const now = new Date();
      // Forced: gone at once (AWS takes a moment, this tier none). Otherwise kept, refusing reads, until restored.
      if (force) store.remove(secret);
      else {
        secret.deletedDate = now;
        secret.deletionDate = new Date(now.getTime() + days * 86_400_000);
      }
      return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(force ? now : secret.deletionDate!) };
    },

    async RestoreSecret(caller, body) {
      const secret = await existing(caller, 'RestoreSecret', body);
      secret.deletionDate = undefined;
      secret.deletedDate = undefined;
      return { ARN: secret.arn, Name: secret.name };
    },

    async ListSecrets(caller, body) {
      await authorize(caller, 'ListSecrets', '*', {});
      const filters = (body.Filters ?? []) as { Key?: string; Values?: string[] }[];
      const matches = (secret: StoredSecret) =>
        filters.every(({ Key, Values = [] }) => {
          const candidates = Key === 'name' ? [secret.name] : Key === 'tag-key' ? Object.keys(secret.tags) : Key === 'tag-value' ? Object.values(secret.tags) : [];
          return Values.some((value) => candidates.some((candidate) => candidate.startsWith(value)));
        });
      const secrets = store.all().filter((secret) => (body.IncludePlannedDeletion || !secret.deletionDate) && matches(secret));
      return { SecretList: secrets.map(describe) };
    },
  };
}

function describe(secret: StoredSecret) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })),
    CreatedDate: epochSeconds(secret.created),
    LastChangedDate: epochSeconds(secret.lastChanged),
    DeletedDate: secret.deletedDate ? epochSeconds(secret.deletedDate) : undefined,
    VersionIdsToStages: Object.fromEntries(secret.versions.map((version) => [version.id, version.stages])),
  };
}

function newVersion(body: Body) {
  if (body.SecretString === undefined && body.SecretBinary === undefined) return undefined;
  if (body.SecretString !== undefined && body.SecretBinary !== undefined) {
    throw new SecretsManagerError('InvalidParameterException', 'You must provide either SecretString or SecretBinary, but not both.');
  }
  return {
    id: typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : randomUUID(),
    string: typeof body.SecretString === 'string' ? body.SecretString : undefined,
    binary: typeof body.SecretBinary === 'string' ? Buffer.from(body.SecretBinary, 'base64') : undefined,
    stages: ['AWSCURRENT'],
    created: new Date(),
  };
}

function tagsOf(tags: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of (tags ?? []) as Tag[]) {
    if (!tag.Key) throw new SecretsManagerError('InvalidParameterException', 'A tag key is missing.');
    result[tag.Key] = tag.Value ?? '';
  }
  return result;
}

function requestTagContext(tags: Record<string, string>): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  if (Object.keys(tags).length) context['aws:TagKeys'] = Object.keys(tags);
  return context;
}

function requiredString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new SecretsManagerError('InvalidParameterException', `1 validation error detected: Value at '${field[0].toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function ok(result: unknown): EndpointResponse {
  return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(result) };
}

function failure(error: SecretsManagerError): EndpointResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.type },
    body: JSON.stringify({ __type: error.type, message: error.message }),
  };
}
