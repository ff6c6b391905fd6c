import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../infra/local/external-postgres';

/** DATABASE_URL, the existing PostgreSQL the twin and the integration tier may use instead of the embedded one. */
describe('parseDatabaseUrl', () => {
  it('reads host, port, superuser, password and database, decoding escapes', () => {
    expect(parseDatabaseUrl('postgres://admin:p%40ss%2Fword@db.example.org:5433/orchestra_twin')).toEqual({
      host: 'db.example.org',
      port: 5433,
      superuser: 'admin',
      password: 'p@ss/word',
      database: 'orchestra_twin',
    });
    expect(parseDatabaseUrl('postgresql://admin:secret@[::1]/postgres')).toMatchObject({ host: '::1', port: 5432, database: 'postgres' });
    expect(parseDatabaseUrl('postgres://admin:secret@127.0.0.1:5432')).toMatchObject({ database: undefined });
  });

  it.each([
    ['not a URL', 'db host 5432', /is not a URL/],
    ['host:port alone', 'localhost:5432', /scheme localhost: instead of postgres:/],
    ['another scheme', 'mysql://admin:secret@localhost/x', /scheme mysql:/],
    ['no password', 'postgres://admin@localhost/x', /user and a password/],
    ['no user', 'postgres://localhost/x', /user and a password/],
    ['options that would be ignored', 'postgres://admin:secret@localhost/x?sslmode=require', /options \(\?sslmode=require\)/],
    ['a path of more than a name', 'postgres://admin:secret@localhost/a/b', /one database name/],
  ])('refuses %s, saying so', (_, url, reason) => {
    expect(() => parseDatabaseUrl(url)).toThrow(reason);
    expect(() => parseDatabaseUrl(url)).toThrow(/^DATABASE_URL /);
  });
});
