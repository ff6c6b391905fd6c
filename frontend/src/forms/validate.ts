import type * as z from 'zod';
import type { FieldError } from '../api/client';
import { t } from '../i18n/i18n';

/** Checks a form's values with the same zod schema the API uses, before anything is sent. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.infer<S> } | { ok: false; fields: FieldError[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fields: result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })) };
}

/** The first message for a field, from client-side or server-side field errors, in the page's language. */
export function fieldMessage(fields: FieldError[], field: string): string | undefined {
  const message = fields.find((f) => f.field === field)?.message;
  return message === undefined ? undefined : translateFieldMessage(message);
}

/**
 * The shared schemas (and so the API) word field errors in English ("is required"); the common ones are
 * said in the page's language instead, so a Swedish page does not answer in English. A message without a
 * translation (a rule of one use case, naming codes) is shown as the server wrote it.
 */
const fieldMessages: [RegExp, string, string[]][] = [
  [/^is required$/, 'fieldErrors.required', []],
  [/^must not be empty$/, 'fieldErrors.notEmpty', []],
  [/^must be an email address$/, 'fieldErrors.email', []],
  [/^must be text$/, 'fieldErrors.text', []],
  [/^must be one line$/, 'fieldErrors.oneLine', []],
  [/^must be a number$/, 'fieldErrors.number', []],
  [/^must be a whole number$/, 'fieldErrors.wholeNumber', []],
  [/^must not be negative$/, 'fieldErrors.notNegative', []],
  [/^must be true or false$/, 'fieldErrors.yesOrNo', []],
  [/^must be yes or no$/, 'fieldErrors.yesOrNo', []],
  [/^must be sv or en$/, 'fieldErrors.language', []],
  [/^must be at most (\d+) characters$/, 'fieldErrors.maxLength', ['max']],
  [/^must be at least (\d+) characters$/, 'fieldErrors.minLength', ['min']],
  [/^must be at least (\d+)$/, 'fieldErrors.min', ['min']],
  [/^must be at most (\d+)$/, 'fieldErrors.max', ['max']],
  [/^must be from (\d+) to (\d+)$/, 'fieldErrors.range', ['min', 'max']],
  [/^must be between (\d+) and (\d+)$/, 'fieldErrors.range', ['min', 'max']],
  [/^must be a whole number from (\d+) to (\d+)$/, 'fieldErrors.wholeRange', ['min', 'max']],
  [/^must be a whole number of hours from (\d+) to (\d+)$/, 'fieldErrors.hoursRange', ['min', 'max']],
  [/^must be a whole number, or empty for everyone eligible$/, 'fieldErrors.wholeOrEmpty', []],
  [/^must be at least the quantity \((\d+)\), or empty for everyone eligible$/, 'fieldErrors.atLeastQuantity', ['quantity']],
  [/^must be an IANA time zone such as Europe\/Stockholm$/, 'fieldErrors.timeZone', []],
  // The superadmin's new orchestra.
  [/^must be 2–40 characters: lowercase letters, digits and hyphens$/, 'fieldErrors.subdomain', []],
  [/^"(.+)" is reserved$/, 'fieldErrors.reservedSubdomain', ['subdomain']],
  [/^must be the key of a backup file$/, 'fieldErrors.backupKey', []],
  [/^no backup file has this key$/, 'fieldErrors.noBackup', []],
  [/^the backup (\S+) is gone; name another, or null for the standard seed$/, 'fieldErrors.backupGone', ['key']],
  [/^uses unknown variable ([^,;]+); allowed: (.+)$/, 'fieldErrors.unknownVariable', ['unknown', 'allowed']],
  [/^uses unknown variables (.+); allowed: (.+)$/, 'fieldErrors.unknownVariables', ['unknown', 'allowed']],
  [/^must contain (\{\{\w+\}\}), the link the musician answers with$/, 'fieldErrors.responseLinkMissing', ['variable']],
  // The CSV import's report.
  [/^no instrument named "(.+)"$/, 'fieldErrors.noInstrument', ['instrument']],
  [/^no position "(.+)" on (.+)$/, 'fieldErrors.noPosition', ['position', 'instrument']],
  [/^Email already used by (.+) \(([^)]+)\)$/, 'fieldErrors.emailUsed', ['name', 'code']],
  [/^the file has no musicians$/, 'fieldErrors.noMusicians', []],
  // The server's words where a schema leaves zod's default (shared/http/middleware/field-messages.ts).
  [/^must be a list$/, 'fieldErrors.list', []],
  [/^must be (?:a JSON object|an object)$/, 'fieldErrors.object', []],
  [/^must be one of (.+)$/, 'fieldErrors.oneOf', ['choices']],
  [/^must have at least (\d+) items$/, 'fieldErrors.minItems', ['min']],
  [/^must have at most (\d+) items$/, 'fieldErrors.maxItems', ['max']],
  [/^must be more than (\d+)$/, 'fieldErrors.moreThan', ['min']],
  [/^must be less than (\d+)$/, 'fieldErrors.lessThan', ['max']],
  [/^must be an id \(UUID\)$/, 'fieldErrors.id', []],
  [/^must be a date YYYY-MM-DD$/, 'fieldErrors.date', []],
  [/^is not a real date$/, 'fieldErrors.notRealDate', []],
  [/^must be an ISO date-time$/, 'fieldErrors.dateTime', []],
  [/^has the wrong format$/, 'fieldErrors.format', []],
  [/^must not contain NUL characters$/, 'fieldErrors.nul', []],
];

export function translateFieldMessage(message: string): string {
  for (const [pattern, key, names] of fieldMessages) {
    const match = pattern.exec(message);
    if (!match) continue;
    const values = Object.fromEntries(names.map((name, i) => [name, match[i + 1]]));
    return (t as (key: string, values?: Record<string, string>) => string | undefined)(key, values) ?? message;
  }
  return message;
}
