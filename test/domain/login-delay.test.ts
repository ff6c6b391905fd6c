import { describe, expect, it } from 'vitest';
import { loginDelaySeconds, loginWaitSeconds } from '../../shared/domain/login-delay';

describe('login delay', () => {
  it('lets the free failures through, then doubles from one minute up to fifteen', () => {
    expect([0, 4].map((n) => loginDelaySeconds(n, 5))).toEqual([0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => loginDelaySeconds(n, 5))).toEqual([60, 120, 240, 480, 900, 900, 900]);
    expect(loginDelaySeconds(29, 30)).toBe(0);
    expect(loginDelaySeconds(30, 30)).toBe(60);
  });

  it('counts the wait from the latest failure, in whole seconds rounded up', () => {
    const latestFailureAt = new Date('2026-03-01T10:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(loginWaitSeconds({ failures: 5, latestFailureAt }, 5, at('2026-03-01T10:00:00Z'))).toBe(60);
    expect(loginWaitSeconds({ failures: 5, latestFailureAt }, 5, at('2026-03-01T10:00:59.001Z'))).toBe(1);
    expect(loginWaitSeconds({ failures: 5, latestFailureAt }, 5, at('2026-03-01T10:01:00Z'))).toBe(0);
    expect(loginWaitSeconds({ failures: 4, latestFailureAt }, 5, at('2026-03-01T10:00:00Z'))).toBe(0);
    expect(loginWaitSeconds({ failures: 0, latestFailureAt: null }, 5, at('2026-03-01T10:00:00Z'))).toBe(0);
  });
});
