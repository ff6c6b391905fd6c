import { randomUUID } from 'node:crypto';

/**
 * SES v1 speaks the awsQuery protocol: a form-encoded POST with `Action=…` and list members flattened as
 * `Destinations.member.1`, `Tags.member.1.Name`; answers and errors are XML in the 2010-12-01 namespace.
 */
const namespace = 'http://ses.amazonaws.com/doc/2010-12-01/';

export interface SendRawEmailRequest {
  action: string;
  source?: string;
  destinations: string[];
  rawMessage?: Buffer;
  configurationSetName?: string;
  tags: { name: string; value: string }[];
}

export function parseSesQueryForm(body: string): SendRawEmailRequest {
  const form = new URLSearchParams(body);
  const members = (prefix: string) => {
    const values: string[] = [];
    for (let index = 1; form.has(`${prefix}.member.${index}`); index++) values.push(form.get(`${prefix}.member.${index}`)!);
    return values;
  };
  const tags: { name: string; value: string }[] = [];
  for (let index = 1; form.has(`Tags.member.${index}.Name`); index++) {
    tags.push({ name: form.get(`Tags.member.${index}.Name`)!, value: form.get(`Tags.member.${index}.Value`) ?? '' });
  }
  const data = form.get('RawMessage.Data');
  return {
    action: form.get('Action') ?? '',
    source: form.get('Source') ?? undefined,
    destinations: members('Destinations'),
    rawMessage: data === null ? undefined : Buffer.from(data, 'base64'),
    configurationSetName: form.get('ConfigurationSetName') ?? undefined,
    tags,
  };
}

export class SesQueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export function sesErrorXml(error: SesQueryError): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

export function sendRawEmailResponseXml(messageId: string): string {
  return `<SendRawEmailResponse xmlns="${namespace}"><SendRawEmailResult><MessageId>${messageId}</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></SendRawEmailResponse>`;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
