import { describe, expect, it } from 'vitest';
import { planRefusal, planUsage } from '../../shared/domain/plan-limits';

describe('plan limits', () => {
  it('allows up to the limit and refuses beyond it with a reason a human reads', () => {
    expect(planRefusal('small', 'musicians', 49)).toBeUndefined();
    expect(planRefusal('small', 'musicians', 50)).toBe('The small plan allows 50 musicians; this orchestra has 50.');
    expect(planRefusal('medium', 'activeProjects', 18, 2)).toBeUndefined();
    expect(planRefusal('medium', 'activeProjects', 18, 3)).toBe('The medium plan allows 20 active projects; this orchestra has 18 and 3 more would make 21.');
    expect(planRefusal('small', 'admins', 2)).toMatch(/allows 2 admins/);
  });

  it('never limits the institution plan', () => {
    expect(planRefusal('institution', 'musicians', 1_000_000, 5000)).toBeUndefined();
    expect(planUsage('institution', 'musicians', 10_000)).toEqual({ resource: 'musicians', used: 10_000, limit: null, warning: false });
  });

  it('warns from 80 % of a limit', () => {
    expect(planUsage('small', 'musicians', 39).warning).toBe(false);
    expect(planUsage('small', 'musicians', 40).warning).toBe(true);
    expect(planUsage('small', 'activeProjects', 3).warning).toBe(false);
    expect(planUsage('small', 'activeProjects', 4).warning).toBe(true);
  });
});
