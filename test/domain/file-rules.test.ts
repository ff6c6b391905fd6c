import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allowedFileTypes, maxFileBytes } from '../../shared/domain/file-rules';
import { attachmentDisposition } from '../../shared/http/content-disposition';

describe('file rules', () => {
  it('allow exactly the types and size the files table accepts', () => {
    const sql = readFileSync(new URL('../../migrations/orchestra/0001_orchestra_schema.sql', import.meta.url), 'utf8');
    const list = /content_type\s+text NOT NULL CHECK \(content_type IN \(([^)]*)\)\)/.exec(sql)?.[1] ?? '';
    const sqlTypes = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect([...allowedFileTypes].sort()).toEqual(sqlTypes.sort());
    expect(sql).toContain(`size_bytes BETWEEN 1 AND ${maxFileBytes}`);
  });

  it('name a download for every browser, keeping non-ASCII names exact in filename*', () => {
    expect(attachmentDisposition('noter.pdf')).toBe(`attachment; filename="noter.pdf"; filename*=UTF-8''noter.pdf`);
    expect(attachmentDisposition('Dvořák "Nr 9".pdf')).toBe(`attachment; filename="Dvo__k _Nr 9_.pdf"; filename*=UTF-8''Dvo%C5%99%C3%A1k%20%22Nr%209%22.pdf`);
  });
});
