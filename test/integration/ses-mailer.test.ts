import {
  ConfigurationSetDoesNotExistException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESServiceException,
  SendRawEmailCommand,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSesClient, createSesMailer, toMailDeliveryError } from '../../shared/adapters/aws/ses-mailer';
import { MailDeliveryError, type OutgoingEmail } from '../../shared/ports/mailer';

const client = createSesClient({ region: 'eu-north-1' });
const ses = mockClient(client);

const email: OutgoingEmail = {
  from: 'Orchestra System <no-reply@orkester.example>',
  to: ['musiker@example.com'],
  subject: 'Bekräftelse: Höstkonsert',
  text: 'Välkommen!',
  html: '<p>Välkommen!</p>',
  attachments: [{ filename: 'konsert.ics', contentType: 'text/calendar', content: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n') }],
};

function sesError(name: string, message: string, httpStatusCode: number, fault: 'client' | 'server' = 'client') {
  return new SESServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode } });
}

async function sendError(error: Error): Promise<MailDeliveryError> {
  ses.on(SendRawEmailCommand).rejects(error);
  const mailer = createSesMailer({ client });
  const caught = await mailer.send(email).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(caught).toBeInstanceOf(MailDeliveryError);
  return caught as MailDeliveryError;
}

beforeEach(() => {
  ses.reset();
});

describe('SES mailer', () => {
  it('sends the raw MIME with To, Subject and the attachment, and returns the SES MessageId', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: '0100018f-ses-id' });
    const mailer = createSesMailer({ client });

    await expect(mailer.send(email)).resolves.toEqual({ messageId: '0100018f-ses-id' });

    const calls = ses.commandCalls(SendRawEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.ConfigurationSetName).toBeUndefined();
    const raw = Buffer.from(input.RawMessage!.Data!).toString('utf8');
    expect(raw).toContain('To: musiker@example.com\r\n');
    expect(raw).toMatch(/Subject: =\?UTF-8\?Q\?Bekr=C3=A4ftelse/);
    expect(raw).toContain('From: Orchestra System <no-reply@orkester.example>');
    expect(raw).toMatch(/Content-Disposition: attachment;\s+filename=konsert\.ics/);
    expect(raw).toContain(Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n').toString('base64'));
  });

  it('passes the configuration set', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
    await createSesMailer({ client, configurationSetName: 'orchestra-mail' }).send(email);
    expect(ses.commandCalls(SendRawEmailCommand)[0].args[0].input.ConfigurationSetName).toBe('orchestra-mail');
  });

  it('sends the message tags SES returns with bounce and complaint events', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
    await createSesMailer({ client, configurationSetName: 'orchestra-mail' }).send({ ...email, tags: { orchestra_id: 'o-1', outbox_id: 'x-2' } });
    expect(ses.commandCalls(SendRawEmailCommand)[0].args[0].input.Tags).toEqual([
      { Name: 'orchestra_id', Value: 'o-1' },
      { Name: 'outbox_id', Value: 'x-2' },
    ]);
  });

  it('does not let the SDK retry (the outbox owns retries)', async () => {
    expect(await client.config.maxAttempts()).toBe(1);
  });

  it.each([
    ['Throttling: Maximum sending rate exceeded', sesError('Throttling', 'Maximum sending rate exceeded.', 400)],
    ['Throttling: Daily message quota exceeded', sesError('Throttling', 'Daily message quota exceeded.', 400)],
    ['ThrottlingException', sesError('ThrottlingException', 'Rate exceeded', 400)],
    ['HTTP 429', sesError('TooManyRequests', 'slow down', 429)],
    ['HTTP 500', sesError('InternalFailure', 'oops', 500, 'server')],
    ['HTTP 503', sesError('ServiceUnavailable', 'unavailable', 503, 'server')],
    ['socket reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['timeout', Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' })],
    // The account's setup, not the message: retried while an operator verifies the domain or resumes sending.
    ['MessageRejected: sender not verified', new MessageRejected({ message: 'Email address is not verified. The following identities failed the check in region EU-NORTH-1: no-reply@orchestras.example.org', $metadata: { httpStatusCode: 400 } })],
    ['MailFromDomainNotVerifiedException', new MailFromDomainNotVerifiedException({ message: 'not verified', $metadata: { httpStatusCode: 400 } })],
    ['ConfigurationSetDoesNotExistException', new ConfigurationSetDoesNotExistException({ message: 'no such set', $metadata: { httpStatusCode: 400 } })],
    ['AccountSendingPausedException', sesError('AccountSendingPausedException', 'Sending is paused for this account.', 400)],
  ])('classifies %s as transient', async (_label, error) => {
    const caught = await sendError(error);
    expect(caught.transient).toBe(true);
  });

  it.each([
    ['MessageRejected: the message itself', new MessageRejected({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } })],
    ['another 4xx', sesError('AccessDenied', 'not allowed', 403)],
  ])('classifies %s as permanent', async (_label, error) => {
    const caught = await sendError(error);
    expect(caught.transient).toBe(false);
    expect(caught.message).toContain(error.name);
  });

  it('keeps a MailDeliveryError as it is', () => {
    const original = new MailDeliveryError('already classified', false);
    expect(toMailDeliveryError(original)).toBe(original);
  });
});
