import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessDeniedError, localAccount, localRegion, type Authorizer, type CredentialIssuer, type LocalEndpoint, type Principal } from '../contracts';
import { callerAccessKey } from './caller-key';
import { hmacHex, parseCredential, sameSignature, sha256Hex, signingKey, stringToSignFor } from './s3-sigv4-signature';
import { bounceEventFor, complaintEventFor, type BounceOptions } from './ses-feedback-notifications';
import { parseSesQueryForm, SesQueryError, sesErrorXml, sendRawEmailResponseXml, type SendRawEmailRequest } from './ses-query-protocol';
import { parseRawMessage, type SesReceivedMessage } from './ses-received-message';

/**
 * Local SES (v1 API, SendRawEmail only: all the product sends). Written by hand rather than fronting
 * aws-ses-v2-local: that emulator keeps one store per process, drops the Tags and ConfigurationSetName the
 * product's feedback path depends on, returns `ses-123456789` message ids, answers errors as JSON the
 * awsQuery client cannot read, and knows no identity verification, so all that matters would live in
 * the front anyway; what remained of it (a mailparser call) is used directly.
 */
export interface SesEndpoint extends LocalEndpoint {
  /** Marks an address or a domain as a verified identity, optionally with its default configuration set. */
  verifyIdentity(domainOrAddress: string, options?: { defaultConfigurationSet?: string }): void;
  /** Every accepted message, in order. */
  messages(): SesReceivedMessage[];
  waitForMessage(predicate: (message: SesReceivedMessage) => boolean, timeoutMs?: number): Promise<SesReceivedMessage>;
  /** The SNS notification `Message` SES publishes for a bounce through the message's configuration set. */
  bounceNotificationFor(message: SesReceivedMessage, recipient: string, options?: BounceOptions): string;
  complaintNotificationFor(message: SesReceivedMessage, recipient: string, options?: { feedbackType?: string }): string;
}

export interface SesEndpointOptions {
  issuer: CredentialIssuer;
  authorizer: Authorizer;
  /** Identities verified from the start (the template's AWS::SES::EmailIdentity). */
  verifiedIdentities?: { identity: string; defaultConfigurationSet?: string }[];
  /** When given, a ConfigurationSetName outside it is refused as SES refuses a set that does not exist. */
  configurationSets?: string[];
}

const maxRawMessageBytes = 10 * 1024 * 1024;
const tagPattern = /^[A-Za-z0-9_-]{1,256}$/;

export async function createSesEndpoint(options: SesEndpointOptions): Promise<SesEndpoint> {
  const identities = new Map<string, { defaultConfigurationSet?: string }>();
  for (const { identity, defaultConfigurationSet } of options.verifiedIdentities ?? []) identities.set(identity.toLowerCase(), { defaultConfigurationSet });
  const accepted: SesReceivedMessage[] = [];
  const waiters = new Set<() => void>();

  async function handle(request: IncomingMessage, body: string): Promise<string> {
    const principal = identifyCaller(request, body);
    const form = parseSesQueryForm(body);
    if (form.action !== 'SendRawEmail') {
      throw new SesQueryError('InvalidAction', `The action ${form.action || '(none)'} is not valid for this endpoint.`, 400);
    }
    const message = await sendRawEmail(principal, form);
    accepted.push(message);
    for (const wake of waiters) wake();
    return sendRawEmailResponseXml(message.messageId);
  }

  function identifyCaller(request: IncomingMessage, body: string): Principal {
    const accessKey = callerAccessKey(request);
    if (!accessKey) throw new SesQueryError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const known = options.issuer.lookup(accessKey);
    if (!known) throw new SesQueryError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    if ((known.credentials.sessionToken ?? undefined) !== (request.headers['x-amz-security-token'] || undefined)) {
      throw new SesQueryError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
    if (known.credentials.expiration && known.credentials.expiration <= new Date()) {
      throw new SesQueryError('ExpiredToken', 'The security token included in the request is expired', 403);
    }
    if (!validHeaderSignature(request, body, known.credentials.secretAccessKey)) {
      throw new SesQueryError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        403,
      );
    }
    return known.principal;
  }

  async function sendRawEmail(principal: Principal, form: SendRawEmailRequest): Promise<SesReceivedMessage> {
    if (!form.rawMessage) throw new SesQueryError('ValidationError', "1 validation error detected: Value null at 'rawMessage' failed to satisfy constraint: Member must not be null", 400);
    if (form.rawMessage.length > maxRawMessageBytes) throw new SesQueryError('MessageRejected', `Message length is more than ${maxRawMessageBytes} bytes long: '${form.rawMessage.length}'.`, 400);
    for (const tag of form.tags) {
      if (!tagPattern.test(tag.name)) throw new SesQueryError('InvalidParameterValue', `Invalid tag name <${tag.name}>: only alphanumeric ASCII characters, '_', and '-' are allowed.`, 400);
      if (!tagPattern.test(tag.value)) throw new SesQueryError('InvalidParameterValue', `Invalid tag value <${tag.value}>: only alphanumeric ASCII characters, '_', and '-' are allowed.`, 400);
    }
    const parsed = await parseRawMessage(form.rawMessage);
    // SES takes the sender from Source when given, else from the raw message's From header.
    const fromAddress = form.source ? bareAddress(form.source) : parsed.fromAddress;
    if (!fromAddress.includes('@')) throw new SesQueryError('InvalidParameterValue', "Missing final '@domain'", 400);
    const domain = fromAddress.split('@')[1]!.toLowerCase();
    const identity = identities.has(fromAddress.toLowerCase()) ? fromAddress.toLowerCase() : domain;
    const destinations = form.destinations.length > 0 ? form.destinations.map(bareAddress) : parsed.allRecipients;
    if (destinations.length === 0) throw new SesQueryError('InvalidParameterValue', 'Missing required header \'To\'.', 400);

    const context = { 'ses:FromAddress': fromAddress, 'ses:Recipients': destinations, ...(parsed.fromDisplayName ? { 'ses:FromDisplayName': parsed.fromDisplayName } : {}) };
    await authorizeOrRefuse(principal, `arn:aws:ses:${localRegion}:${localAccount}:identity/${identity}`, context);
    if (form.configurationSetName) {
      await authorizeOrRefuse(principal, `arn:aws:ses:${localRegion}:${localAccount}:configuration-set/${form.configurationSetName}`, context);
    }

    const verified = identities.get(identity);
    if (!verified) {
      throw new SesQueryError('MessageRejected', `Email address is not verified. The following identities failed the check in region ${localRegion.toUpperCase()}: ${fromAddress}`, 400);
    }
    if (form.configurationSetName && options.configurationSets && !options.configurationSets.includes(form.configurationSetName)) {
      throw new SesQueryError('ConfigurationSetDoesNotExist', `Configuration set <${form.configurationSetName}> does not exist.`, 400);
    }
    const { allRecipients: _all, fromDisplayName: _name, ...message } = parsed;
    return {
      ...message,
      fromAddress,
      messageId: sesMessageId(),
      acceptedAt: new Date(),
      destinations,
      tags: Object.fromEntries(form.tags.map((t) => [t.name, t.value])),
      configurationSet: form.configurationSetName ?? verified.defaultConfigurationSet,
      identity,
      sentBy: principal,
    };
  }

  async function authorizeOrRefuse(principal: Principal, resource: string, context: Record<string, string | string[]>) {
    try {
      await options.authorizer.authorize({ principal, action: 'ses:SendRawEmail', resource, context });
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      // SES's own wording for an IAM refusal (awsQuery code AccessDenied, HTTP 403).
      throw new SesQueryError('AccessDenied', `User \`${principal.arn}' is not authorized to perform \`ses:SendRawEmail' on resource \`${resource}'`, 403);
    }
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, Buffer.concat(chunks).toString('utf8')).then(
        (xml) => reply(response, 200, xml),
        (error: unknown) => {
          const sesError = error instanceof SesQueryError ? error : new SesQueryError('InternalFailure', String(error), 500, 'Receiver');
          if (!(error instanceof SesQueryError)) console.error('local SES failed', error);
          reply(response, sesError.status, sesErrorXml(sesError));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    service: 'SES',
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    verifyIdentity(domainOrAddress, identityOptions = {}) {
      identities.set(domainOrAddress.toLowerCase(), { defaultConfigurationSet: identityOptions.defaultConfigurationSet });
    },
    messages: () => [...accepted],
    waitForMessage(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = accepted.find(predicate);
          if (!found) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no SES message matched within ${timeoutMs} ms (${accepted.length} accepted: ${accepted.map((m) => `"${m.subject}" → ${m.destinations.join(', ')}`).join('; ')})`));
        }, timeoutMs);
        const wake = () => void check();
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
        check();
      });
    },
    bounceNotificationFor: (message, recipient, bounceOptions) => JSON.stringify(bounceEventFor(message, recipient, bounceOptions)),
    complaintNotificationFor: (message, recipient, complaintOptions) => JSON.stringify(complaintEventFor(message, recipient, complaintOptions)),
  };
}

/** SigV4 over the form body, as SES checks it (the signing helpers are S3's, shared). */
function validHeaderSignature(request: IncomingMessage, body: string, secretAccessKey: string): boolean {
  const header = String(request.headers.authorization ?? '');
  const credential = parseCredential(/Credential=([^,\s]+)/.exec(header)?.[1] ?? '');
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(header)?.[1];
  const signature = /Signature=([0-9a-f]+)/.exec(header)?.[1];
  const amzDate = request.headers['x-amz-date'];
  if (!credential || !signedHeaders || !signature || typeof amzDate !== 'string') return false;
  const parts = { ...credential, amzDate, signedHeaders: signedHeaders.split(';'), signature };
  const stringToSign = stringToSignFor({ method: request.method ?? 'POST', url: request.url ?? '/', headers: request.headers }, parts, sha256Hex(body));
  return sameSignature(hmacHex(signingKey(secretAccessKey, credential.date, credential.region, credential.service), stringToSign), signature);
}

function reply(response: ServerResponse, status: number, xml: string) {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(xml);
}

/** `Name <a@b>` → `a@b`. */
function bareAddress(address: string): string {
  const match = /<([^>]+)>/.exec(address);
  return (match ? match[1]! : address).trim();
}

/** SES message ids look like `0100018c3a4b5c6d-1a2b3c4d-…-000000`. */
function sesMessageId(): string {
  return `0100${Date.now().toString(16).padStart(12, '0')}-${randomUUID()}-000000`;
}
