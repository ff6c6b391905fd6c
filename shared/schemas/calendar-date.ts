import * as z from 'zod';

/**
 * A calendar day `YYYY-MM-DD`, the one schema every date field uses. A value in the wrong shape is told the
 * format; a value in the right shape that names no day (2027-02-30, 2027-13-01) is told it is not a real
 * date, so the admin knows the typing was right and the day is wrong.
 */
export const dateFormatMessage = 'must be a date YYYY-MM-DD';
export const notARealDateMessage = 'is not a real date';

export const calendarDate = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : dateFormatMessage) })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: dateFormatMessage, abort: true })
  .refine(isRealDate, { error: notARealDateMessage, abort: true });

function isRealDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // rolls 02-30 over into March, which the comparison catches
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
