import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldMessage } from '../../shared/http/middleware/field-messages';
import { nulCharacterFields, nulCharacterMessage } from '../../shared/http/middleware/nul-characters';

/** The reasons the validation middleware gives (SPEC §5: a bad input gets 400 with the field and the reason). */
const reasons = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${fieldMessage(issue)}`);
};

describe("zod's default wording becomes the product's", () => {
  it('words wrong types, missing fields and NaN from a query the way the schemas do', () => {
    const schema = z.object({ name: z.string(), count: z.coerce.number().int(), whole: z.number().int(), on: z.boolean(), ids: z.array(z.string()), nested: z.object({}) });
    expect(reasons(schema, { count: 'abc', whole: 1.5, on: 'yes', ids: 'x', nested: 3 })).toEqual([
      'name: is required',
      'count: must be a number',
      'whole: must be a whole number',
      'on: must be true or false',
      'ids: must be a list',
      'nested: must be an object',
    ]);
    expect(reasons(schema, null)).toEqual(['(top): must be a JSON object']);
  });

  it('words choices, lengths, sizes and formats', () => {
    const schema = z.object({ plan: z.enum(['small', 'medium']), name: z.string().min(1).max(3), n: z.number().min(2).max(9), list: z.array(z.number()).max(1), email: z.email(), id: z.uuid() });
    expect(reasons(schema, { plan: 'huge', name: '', n: 10, list: [1, 2], email: 'no', id: 'no' })).toEqual([
      'plan: must be one of small, medium',
      'name: is required',
      'n: must be at most 9',
      'list: must have at most 1 items',
      'email: must be an email address',
      'id: must be an id (UUID)',
    ]);
    expect(reasons(z.object({ name: z.string().max(3) }), { name: 'abcd' })).toEqual(['name: must be at most 3 characters']);
  });

  it("keeps a schema's own message as it is", () => {
    expect(reasons(z.object({ n: z.number({ message: 'must be a number of bytes' }) }), { n: 'x' })).toEqual(['n: must be a number of bytes']);
    expect(reasons(z.object({ s: z.string().min(2, { message: 'is too short' }) }), { s: 'a' })).toEqual(['s: is too short']);
  });
});

describe('NUL characters (PostgreSQL text cannot hold them)', () => {
  it('names every string holding one, nested in objects and lists, and nothing else', () => {
    const body = { name: 'a\u0000b', fine: 'ok', n: 0, choices: [{ note: '\u0000' }, { note: 'x' }], tags: ['y', 'z\u0000'] };
    expect(nulCharacterFields(body, 'body')).toEqual([
      { field: 'name', message: nulCharacterMessage },
      { field: 'choices.0.note', message: nulCharacterMessage },
      { field: 'tags.1', message: nulCharacterMessage },
    ]);
    expect(nulCharacterFields('\u0000', 'body')).toEqual([{ field: 'body', message: nulCharacterMessage }]);
    expect(nulCharacterFields({ a: null, b: ['ok'] }, 'query')).toEqual([]);
  });
});
