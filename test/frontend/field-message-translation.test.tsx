import { expect, it } from 'vitest';
import * as z from 'zod';
import { fieldMessage } from '../../shared/http/middleware/field-messages';
import { nulCharacterMessage } from '../../shared/http/middleware/nul-characters';
import { translateFieldMessage, validate } from '../../frontend/src/forms/validate';
import { groupEmailBody } from '../../shared/schemas/engine-controls';
import { musicianCreateBody } from '../../shared/schemas/musicians';
import { projectCreateBody } from '../../shared/schemas/projects';
import { createOrchestraBody } from '../../shared/schemas/superadmin';

/** The English messages the shared schemas really produce for some everyday mistakes. */
function schemaMessages(): string[] {
  const results = [
    validate(musicianCreateBody, { firstName: '', lastName: 'x'.repeat(500), email: 'not-an-email' }),
    validate(groupEmailBody, { subject: '', body: 'x'.repeat(20_001) }),
    validate(createOrchestraBody, { name: 'Orkester', subdomain: 'Not Valid!', contactEmail: 'kontakt@example.org', plan: 'small' }),
    validate(projectCreateBody, { name: 'Vårkonsert', startDate: '2027-02-30' }),
    validate(projectCreateBody, { name: 'Vårkonsert', startDate: '30/02/2027' }),
  ];
  return results.flatMap((r) => (r.ok ? [] : r.fields.map((f) => f.message)));
}

it('says every field message the shared schemas give for everyday mistakes in Swedish, so a reworded schema message cannot slip through in English', () => {
  const messages = schemaMessages();
  expect(messages.length).toBeGreaterThanOrEqual(5);
  const untranslated = messages.filter((m) => translateFieldMessage(m) === m);
  expect(untranslated).toEqual([]);
});


it("says in Swedish the server's own words for fields a schema leaves to zod's defaults", () => {
  const shape = z.object({
    text: z.string(),
    count: z.number(),
    whole: z.number().int(),
    flag: z.boolean(),
    items: z.array(z.string()).min(1).max(2),
    list: z.array(z.string()),
    nested: z.object({ a: z.string() }),
    choice: z.enum(['small', 'medium']),
    id: z.uuid(),
    day: z.iso.date(),
    at: z.iso.datetime(),
    positive: z.number().gt(0),
    below: z.number().lt(10),
  });
  const wrong = { text: 1, count: 'x', whole: 1.5, flag: 'x', items: [], list: 'x', nested: 'x', choice: 'huge', id: 'x', day: 'x', at: 'x', positive: 0, below: 10 };
  const issues = [...shape.safeParse(wrong).error!.issues, ...z.array(z.string()).max(1).safeParse(['a', 'b']).error!.issues];
  const messages = [...issues.map(fieldMessage), fieldMessage(z.object({}).safeParse(null).error!.issues[0]), nulCharacterMessage];
  expect(new Set(messages).size).toBeGreaterThanOrEqual(14);
  expect(messages.filter((m) => translateFieldMessage(m) === m)).toEqual([]);
});
