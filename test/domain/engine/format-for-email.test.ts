import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDeadline } from '../../../shared/domain/engine/format-for-email';

describe('dates in request emails', () => {
  it('writes the deadline in the orchestra time zone and the musician language', () => {
    const at = new Date('2026-11-27T09:42:00Z');
    expect(formatDeadline(at, 'Europe/Stockholm', 'sv')).toBe('fredag 27 november 2026 kl. 10:42 CET');
    expect(formatDeadline(at, 'Europe/Stockholm', 'en')).toBe('Friday, 27 November 2026 at 10:42 CET');
    expect(formatDeadline(new Date('2027-07-01T22:30:00Z'), 'Europe/Stockholm', 'en')).toContain('2 July 2027 at 00:30 CEST');
    expect(formatDeadline(at, 'America/New_York', 'en')).toContain('04:42');
  });

  it('writes a calendar date without shifting it by a time zone', () => {
    expect(formatCalendarDate('2027-03-15', 'sv')).toBe('15 mars 2027');
    expect(formatCalendarDate('2027-01-01', 'en')).toBe('1 January 2027');
  });
});
