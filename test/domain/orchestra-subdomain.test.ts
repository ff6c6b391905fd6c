import { describe, expect, it } from 'vitest';
import { subdomainProblem } from '../../shared/domain/orchestra-subdomain';
import { provisionOrchestraInput } from '../../shared/schemas/provisioning';

describe('orchestra subdomains', () => {
  it.each(['uppsala', 'demo', 'a1', 'goteborgs-so'])('accepts %s', (s) => expect(subdomainProblem(s)).toBeNull());

  it.each([
    ['x', /2–40/],
    ['Uppsala', /lowercase/],
    ['a_b', /lowercase/],
    ['a'.repeat(41), /2–40/],
    ['-abc', /hyphen/],
    ['www', /reserved/],
    ['api', /reserved/],
    ['admin', /reserved/],
  ])('refuses %s', (s, reason) => expect(subdomainProblem(s)).toMatch(reason));

  it('the workflow input normalises case and names the field that is wrong', () => {
    const ok = provisionOrchestraInput.parse({ name: ' Uppsala ', subdomain: 'UPPSALA', contactEmail: 'A@U.se', plan: 'small', adminEmail: 'x@u.se' });
    expect(ok).toMatchObject({ name: 'Uppsala', subdomain: 'uppsala', contactEmail: 'a@u.se' });
    const bad = provisionOrchestraInput.safeParse({ name: 'U', subdomain: 'www', contactEmail: 'a@u.se', plan: 'huge', adminEmail: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['adminEmail', 'plan', 'subdomain']);
  });
});
