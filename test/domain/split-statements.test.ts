import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../shared/db/split-statements';

describe('splitStatements', () => {
  it('splits on semicolons and trims, dropping the semicolons', () => {
    expect(splitStatements('CREATE TABLE a (id int);\n\n  CREATE TABLE b (id int) ;\nSELECT 1')).toEqual([
      'CREATE TABLE a (id int)',
      'CREATE TABLE b (id int)',
      'SELECT 1',
    ]);
  });

  it('drops empty statements and stretches holding only comments', () => {
    expect(splitStatements(';;\nSELECT 1;\n-- trailing comment; with a semicolon\n/* and a block */\n')).toEqual(['SELECT 1']);
  });

  it('keeps comments before a statement with it', () => {
    expect(splitStatements('-- a note;\n/* block; */\nSELECT 1;')).toEqual(['-- a note;\n/* block; */\nSELECT 1']);
  });

  it('keeps semicolons inside string literals, E-strings and quoted identifiers', () => {
    const script = `INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y');\nSELECT "odd;name" FROM t;`;
    expect(splitStatements(script)).toEqual([`INSERT INTO t VALUES ('a;b', 'it''s;', E'x\\';y')`, `SELECT "odd;name" FROM t`]);
  });

  it('keeps a plpgsql function body in dollar quotes whole', () => {
    const fn = `CREATE FUNCTION touch() RETURNS trigger AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql`;
    const script = `${fn};\nCREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION touch();`;
    expect(splitStatements(script)).toEqual([fn, 'CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION touch()']);
  });

  it('keeps an untagged $$ body whole', () => {
    const block = `DO $$ BEGIN PERFORM 1; PERFORM 2; END $$`;
    expect(splitStatements(`${block};SELECT 3;`)).toEqual([block, 'SELECT 3']);
  });

  it('keeps semicolons inside comments, including nested block comments', () => {
    expect(splitStatements('SELECT 1 /* a; /* b; */ c; */ + 1; -- x; y\nSELECT 2')).toEqual(['SELECT 1 /* a; /* b; */ c; */ + 1', '-- x; y\nSELECT 2']);
  });

  it('keeps a SQL-standard BEGIN ATOMIC function body whole', () => {
    const fn = `CREATE FUNCTION grade(n int) RETURNS text LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN n > 5 THEN 'high' ELSE 'low' END;
  SELECT 'unreachable';
END`;
    expect(splitStatements(`${fn};\nSELECT grade(3);`)).toEqual([fn, 'SELECT grade(3)']);
  });

  it('does not split inside parentheses (rule actions)', () => {
    const rule = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2))';
    expect(splitStatements(`${rule};SELECT 1`)).toEqual([rule, 'SELECT 1']);
  });

  it('does not mistake a transaction BEGIN for an atomic body', () => {
    expect(splitStatements('BEGIN; SELECT 1; END;')).toEqual(['BEGIN', 'SELECT 1', 'END']);
  });

  it('returns nothing for an empty script', () => {
    expect(splitStatements('  \n ')).toEqual([]);
  });
});
