import { expect, it } from 'vitest';
import { translateFieldMessage, validate } from '../../frontend/src/forms/validate';
import { groupEmailBody } from '../../shared/schemas/engine-controls';
import { musicianCreateBody } from '../../shared/schemas/musicians';
import { createOrchestraBody } from '../../shared/schemas/superadmin';

/** The English messages the shared schemas really produce for some everyday mistakes. */
function schemaMessages(): string[] {
  const results = [
    validate(musicianCreateBody, { firstName: '', lastName: 'x'.repeat(500), email: 'not-an-email' }),
    validate(groupEmailBody, { subject: '', body: 'x'.repeat(20_001) }),
    validate(createOrchestraBody, { name: 'Orkester', subdomain: 'Not Valid!', contactEmail: 'kontakt@example.org', plan: 'small' }),
  ];
  return results.flatMap((r) => (r.ok ? [] : r.fields.map((f) => f.message)));
}

it('says every field message the shared schemas give for everyday mistakes in Swedish, so a reworded schema message cannot slip through in English', () => {
  const messages = schemaMessages();
  expect(messages.length).toBeGreaterThanOrEqual(5);
  const untranslated = messages.filter((m) => translateFieldMessage(m) === m);
  expect(untranslated).toEqual([]);
});

