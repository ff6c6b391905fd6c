import { describe, expect, it } from 'vitest';
import definition from '../../infra/workflows/provision-orchestra.asl.json';
import { knownSteps, stepName } from '../../frontend/src/pages/superadmin/provisioning-progress';
import { setLocale } from '../../frontend/src/i18n/i18n';

describe('provisioning steps in words', () => {
  it('names every Task state of the provisioning workflow, so the superadmin never reads a state id', () => {
    const tasks = Object.entries(definition.States as Record<string, { Type: string }>)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name]) => name);
    expect([...knownSteps].sort()).toEqual(tasks.sort());
    for (const locale of ['sv', 'en'] as const) {
      setLocale(locale, false);
      for (const step of tasks) expect(stepName(step), `${locale}: ${step}`).not.toBe(step);
    }
    setLocale('sv', false);
  });
});
