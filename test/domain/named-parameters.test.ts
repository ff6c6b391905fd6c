import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MissingSqlParameterError, namedParametersIn, toPositionalParameters } from '../../shared/db/named-parameters';

describe('toPositionalParameters', () => {
  it('numbers parameters in order of first use and reuses a number for a repeated name', () => {
    const q = toPositionalParameters('SELECT * FROM t WHERE a = :a AND b = :b OR a2 = :a', { a: 1, b: 'x' });
    expect(q.text).toBe('SELECT * FROM t WHERE a = $1 AND b = $2 OR a2 = $1');
    expect(q.values).toEqual([1, 'x']);
    expect(q.names).toEqual(['a', 'b']);
  });

  it('leaves the ::type cast operator alone, also right after a parameter', () => {
    const q = toPositionalParameters(`SELECT :id::uuid, now()::date, '{}'::jsonb, x::text[]`, { id: 'u' });
    expect(q.text).toBe(`SELECT $1::uuid, now()::date, '{}'::jsonb, x::text[]`);
  });

  it('skips string literals, including doubled quotes and E-strings with backslash escapes', () => {
    const sql = `SELECT ':no', 'it''s :no', E'it\\'s :no', e'\\\\', :yes`;
    expect(toPositionalParameters(sql, { yes: 1 }).text).toBe(`SELECT ':no', 'it''s :no', E'it\\'s :no', e'\\\\', $1`);
  });

  it('treats a backslash in a standard string as an ordinary character', () => {
    // 'a\' is a complete literal when standard_conforming_strings is on.
    expect(namedParametersIn(`SELECT 'a\\', :after`)).toEqual(['after']);
  });

  it('does not take an identifier ending in e as an E-string prefix', () => {
    expect(namedParametersIn(`SELECT name' :x'`)).toEqual([]);
    expect(namedParametersIn(`SELECT type'\\' , :y`)).toEqual(['y']);
  });

  it('skips quoted identifiers', () => {
    expect(namedParametersIn(`SELECT "col:no", "with "":no"" quote", :yes FROM "t:x"`)).toEqual(['yes']);
  });

  it('skips dollar-quoted bodies, tagged or not, but not positional $1', () => {
    const sql = `CREATE FUNCTION f() RETURNS int AS $$ BEGIN x := :no; END $$ LANGUAGE plpgsql;
      SELECT $fn$ :no $$ still inside $fn$, :yes, $1`;
    expect(namedParametersIn(sql)).toEqual(['yes']);
  });

  it('does not start a dollar quote inside an identifier', () => {
    // a$b$ is an identifier; :x after it is code.
    expect(namedParametersIn('SELECT a$b$ + :x')).toEqual(['x']);
  });

  it('skips line comments and nested block comments', () => {
    const sql = `SELECT -- :no\n :a /* :no /* nested :no */ still :no */ + :b`;
    expect(namedParametersIn(sql)).toEqual(['a', 'b']);
  });

  it('names a missing parameter in a clear error', () => {
    expect(() => toPositionalParameters('SELECT :present, :absent', { present: 1 })).toThrowError(MissingSqlParameterError);
    expect(() => toPositionalParameters('SELECT :present, :absent', { present: 1 })).toThrowError(/:absent/);
  });

  it('accepts a key whose value is undefined (bound as NULL by the adapters)', () => {
    expect(toPositionalParameters('SELECT :maybe', { maybe: undefined }).values).toEqual([undefined]);
  });

  it('lets the caller decorate the placeholder, e.g. with a cast', () => {
    const q = toPositionalParameters('SELECT :n, :s, :n', { n: 1, s: 'x' }, (p, v) => `$${p}${typeof v === 'number' ? '::int8' : '::text'}`);
    expect(q.text).toBe('SELECT $1::int8, $2::text, $1::int8');
  });

  it('returns SQL without parameters unchanged', () => {
    expect(toPositionalParameters('SELECT 1').text).toBe('SELECT 1');
  });

  it('never finds a parameter inside any string literal (property)', () => {
    const literalText = fc.string().map((s) => s.replace(/'/g, "''"));
    fc.assert(
      fc.property(literalText, fc.constantFrom('a', 'b_1', 'camelCase'), (text, name) => {
        const sql = `SELECT '${text}' AS v, :${name} AS p`;
        expect(namedParametersIn(sql)).toEqual([name]);
      }),
    );
  });
});
