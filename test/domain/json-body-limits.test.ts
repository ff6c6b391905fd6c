import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../shared/http/middleware/json-nesting';
import { loneSurrogateFields } from '../../shared/http/middleware/lone-surrogates';

/** The body checks the JSON parser step runs on every route (issue #14, point 6); over HTTP in bad-input-sweep. */
describe('JSON nesting depth, counted without recursion', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('allows the limit and refuses one more', () => {
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(65), 64)).toBe(true);
    expect(nestsDeeperThan(`{"a":{"b":[{"c":1}]}}`, 3)).toBe(true);
    expect(nestsDeeperThan(`{"a":{"b":[{"c":1}]}}`, 4)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(`{"text":"${'[{'.repeat(500)}"}`, 1)).toBe(false);
    expect(nestsDeeperThan(`{"text":"a \\" [[[[ \\\\","next":[1]}`, 2)).toBe(false);
    expect(nestsDeeperThan(`{"text":"a \\\\"   ,"next":[[1]]}`, 2)).toBe(true);
  });

  it('counts siblings as one level, and reads 200,000 levels without a stack', () => {
    expect(nestsDeeperThan(`[${'[],'.repeat(1000)}[]]`, 2)).toBe(false);
    expect(nestsDeeperThan(nested(200_000), 64)).toBe(true);
  });
});

describe('lone UTF-16 surrogates in a parsed body', () => {
  it('names every string and every object with such a key by its path; pairs are fine', () => {
    const body = JSON.parse('{"name":"\\ud800","ok":"\\ud83c\\udfbb emoji","list":[{"x":"a\\udc00"},{"\\udbff":1}]}');
    expect(loneSurrogateFields(body, 'body')).toEqual([
      { field: 'name', message: expect.stringMatching(/lone UTF-16 surrogate/) },
      { field: 'list.0.x', message: expect.stringMatching(/lone UTF-16 surrogate/) },
      { field: 'list.1', message: expect.stringMatching(/key .*lone UTF-16 surrogate/) },
    ]);
    expect(loneSurrogateFields('\udfff', 'body')).toEqual([{ field: 'body', message: expect.stringMatching(/surrogate/) }]);
    expect(loneSurrogateFields({ name: 'Förste konsertmästare 🎻', n: 1, none: null }, 'body')).toEqual([]);
  });
});
