/**
 * Who an orchestra's email is from (SPEC §2 settings): its sender name as the display name on the deployment's
 * own address. The address never changes, since SES sends only from verified identities (and IAM pins
 * ses:FromAddress); the name is the orchestra's.
 */

/** The bare address of a mailbox written `Name <address>` or just `address`. */
export function mailboxAddress(mailbox: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(mailbox);
  return (bracketed ? bracketed[1] : mailbox).trim();
}

/**
 * `"Name" <address>`, the name as an RFC 5322 quoted string: backslashes and quotes escaped, and anything that
 * could end the header line (CR, LF, other control characters) turned into a space. Non-ASCII is left for the
 * MIME builder to encode (RFC 2047).
 */
export function mailboxWithName(name: string, address: string): string {
  const oneLine = name.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (oneLine === '') return address;
  return `"${oneLine.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** The From of an orchestra's email: its sender name, or its name when none is set, on the deployment's address. */
export function orchestraSender(mailFrom: string, settings: { senderName: string; orchestraName: string }): string {
  return mailboxWithName(settings.senderName.trim() || settings.orchestraName, mailboxAddress(mailFrom));
}
