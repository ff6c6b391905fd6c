import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderApiDoc } from '../../infra/docs/api-doc';

it('docs/api.md matches the route table (run `npm run docs:api`)', () => {
  expect(readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')).toBe(renderApiDoc());
});
