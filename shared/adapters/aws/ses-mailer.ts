import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { buildMime } from '../../mail/build-mime';
import { MailDeliveryError, type Mailer } from '../../ports/mailer';

export interface SesMailerOptions {
  client: SESClient;
  /** SES configuration set for event publishing (bounces, complaints, deliveries). */
  configurationSetName?: string;
}

/**
 * An SES client with the house settings for mail: no SDK retries and bounded timeouts.
 *
 * Why no SDK retries: SendRawEmail is not idempotent — a retry after a timeout whose request SES had
 * in fact accepted sends the message twice — and the outbox already retries with backoff and paces
 * against the sending rate. One place owns retries; the adapter reports each failure as transient or
 * permanent and returns at once, so a throttled tick does not sit in SDK backoff while holding leases.
 */
export function createSesClient(options: { region?: string } = {}): SESClient {
  return new SESClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 },
  });
}

/** Sends through SES SendRawEmail so attachments and our own MIME (built once, in build-mime) go out as is. */
export function createSesMailer(options: SesMailerOptions): Mailer {
  const { client, configurationSetName } = options;
  return {
    async send(email) {
      const { raw } = await buildMime(email);
      try {
        const result = await client.send(
          new SendRawEmailCommand({
            RawMessage: { Data: raw },
            // Recipients and sender come from the To/From headers of the raw message.
            ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
            ...(email.tags ? { Tags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
          }),
        );
        if (!result.MessageId) throw new MailDeliveryError('SES accepted the message without a MessageId', true);
        return { messageId: result.MessageId };
      } catch (error) {
        throw toMailDeliveryError(error);
      }
    },
  };
}

const transientNames = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
]);

/**
 * Refusals that say nothing about the message but about the account's setup: an identity not verified yet
 * (the first deploy, before DKIM is), sending paused, a configuration set missing until a redeploy. An
 * operator puts them right, so they are retried with the outbox's backoff like any transient failure
 * instead of failing every email sent meanwhile at once.
 */
const sendingBlockedNames = new Set([
  'MailFromDomainNotVerifiedException',
  'FromEmailAddressNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetSendingPausedException',
  'AccountSendingPausedException',
]);

/** Socket-level failures: the request may never have reached SES, so a later try can succeed. */
const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Classifies an SES/SDK error. Transient: throttling (including the daily quota, which resets later),
 * 5xx, timeouts, network errors and the account's sending being blocked (unverified identity, paused
 * sending, missing configuration set). Permanent: a message SES rejects for itself and any other 4xx.
 */
export function toMailDeliveryError(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const err = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    $fault?: 'client' | 'server';
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  const name = err.name ?? 'Error';
  const message = `SES ${name}: ${err.message ?? String(error)}`;
  const status = err.$metadata?.httpStatusCode;

  // MessageRejected is about this message (content, a recipient), except "Email address is not verified":
  // the sender's identity (or, in the SES sandbox, the recipient's) awaiting verification.
  if (name === 'MessageRejected') return new MailDeliveryError(message, /not verified/i.test(err.message ?? ''));
  if (
    sendingBlockedNames.has(name) ||
    transientNames.has(name) ||
    err.$retryable?.throttling ||
    /maximum sending rate exceeded|daily message quota exceeded/i.test(err.message ?? '') ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    err.$fault === 'server' ||
    (err.code !== undefined && networkCodes.has(err.code))
  ) {
    return new MailDeliveryError(message, true);
  }
  if (status !== undefined && status >= 400) return new MailDeliveryError(message, false);
  // No HTTP response at all (socket closed, credentials not yet available…): the call never got a verdict.
  return new MailDeliveryError(message, true);
}
