import { describe, expect, it } from 'vitest';
import { sampleTemplateValues } from '../../shared/app/templates/sample-values';
import { templateVariables } from '../../shared/domain/template-variables';

const sample = (now: string, language: 'sv' | 'en' = 'sv') =>
  sampleTemplateValues({ language, now: new Date(now), orchestraName: 'Gävle Symfoniorkester', timeZone: 'Europe/Stockholm', baseUrl: 'https://gso.example.org/' });

describe('template preview sample values', () => {
  it('gives every template variable a value', () => {
    for (const language of ['sv', 'en'] as const) {
      const values = sample('2026-11-25T10:00:00Z', language);
      for (const name of templateVariables) expect(String(values[name] ?? '')).not.toBe('');
    }
  });

  it('starts the sample project on a Monday six weeks ahead, with its ISO week, also across year ends', () => {
    expect(sample('2026-11-25T10:00:00Z')).toMatchObject({ startDate: '4 januari 2027', weekNumber: 1 });
    expect(sample('2020-11-20T10:00:00Z')).toMatchObject({ startDate: '28 december 2020', weekNumber: 53 });
    expect(sample('2027-11-20T10:00:00Z', 'en')).toMatchObject({ startDate: '27 December 2027', weekNumber: 52 });
  });

  it('writes text and dates in the language, the deadline 48 hours on in the orchestra zone', () => {
    expect(sample('2026-11-25T10:00:00Z')).toMatchObject({ firstName: 'Karin', deadline: 'fredag 27 november 2026 kl. 11:00 CET', responseUrl: 'https://gso.example.org/respond/exempel' });
    expect(sample('2026-11-25T10:00:00Z', 'en')).toMatchObject({ firstName: 'Emma', responseUrl: 'https://gso.example.org/respond/example' });
    expect(String(sample('2026-11-25T10:00:00Z', 'en').deadline)).toMatch(/^Friday,? 27 November 2026 at 11:00/);
  });
});
