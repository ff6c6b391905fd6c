import { describe, expect, it } from 'vitest';
import { whyNobodyAsked } from '../../../shared/domain/engine/nobody-asked';
import { planProject } from '../../../shared/domain/engine/plan-project';
import { input, musician, musicians, need, request } from './planning-fixtures';

/** Why a send asks nobody: the one reason the planned needs share, or 'mixed', with the counts in words. */
describe('why a send asks nobody', () => {
  const why = (overrides: Parameters<typeof input>[0]) => whyNobodyAsked(planProject(input({ musicians: musicians(3), ...overrides })));

  it('is null when anyone is asked', () => {
    expect(why({ needs: [need('n1', ['m1'])] })).toBeNull();
  });

  it('names a project without needs, or with archived needs only', () => {
    expect(why({ needs: [] })).toMatchObject({ reason: 'no_open_needs', message: 'Nobody was asked: the project has no open needs.' });
    expect(why({ needs: [need('n1', ['m1'], { status: 'archived' })] })).toMatchObject({ reason: 'no_open_needs', needsByReason: { archived: 1 } });
  });

  it('says the project is paused, and leaves archived needs out of the reason but not out of the counts', () => {
    expect(why({ projectPaused: true, needs: [need('n1', ['m1']), need('n2', ['m2'])] })).toEqual({
      reason: 'paused',
      message: 'Nobody was asked: the project is paused.',
      needsByReason: { project_paused: 2 },
      skippedByReason: {},
    });
    const filled = why({
      needs: [need('n1', ['m1']), need('n2', ['m2'], { status: 'archived' })],
      requests: [request('n1', 'm1', 'accepted')],
    });
    expect(filled).toMatchObject({ reason: 'filled', needsByReason: { filled: 1, archived: 1 } });
    expect(filled!.message).toBe('Nobody was asked: every need is filled (1 filled, 1 archived). Skipped on the lists: 1 already asked in this project.');
  });

  it('counts every candidate skipped by reason when the lists are used up', () => {
    const result = why({
      musicians: [musician('m1', { active: false }), musician('m2', { hasEmail: false }), musician('m3', { localResident: false })],
      needs: [need('n1', ['m1', 'm2', 'm3'], { localResidentsOnly: true })],
    });
    expect(result).toEqual({
      reason: 'everyone_skipped',
      message: 'Nobody was asked: every musician left on the lists was skipped. Skipped on the lists: 1 inactive, 1 without an email address, 1 not local residents.',
      needsByReason: { exhausted: 1 },
      skippedByReason: { inactive: 1, no_email: 1, not_local_resident: 1 },
    });
  });

  it('says "mixed" with the needs by reason when they differ', () => {
    const result = why({
      needs: [need('n1', ['m1']), need('n2', ['m2'], { status: 'paused' })],
      requests: [request('n1', 'm1', 'pending')],
    });
    expect(result).toMatchObject({ reason: 'mixed', needsByReason: { waiting_for_answers: 1, paused: 1 } });
    expect(result!.message).toBe('Nobody was asked: of 2 needs, 1 waiting for answers, 1 paused. Skipped on the lists: 1 already asked in this project.');
  });
});
