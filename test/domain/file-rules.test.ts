import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servedStorageKey, uploadKeyOfServed, uploadStorageKey } from '../../shared/app/files/file-keys';
import { allowedFileTypes, bidiControlCharacters, extensionFitsType, fileExtension, fileTypeNames, maxFileBytes } from '../../shared/domain/file-rules';
import { fileContentProblem } from '../../shared/domain/file-signatures';
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

  it('give every allowed type its name endings, and a name must end in one of its type', () => {
    expect(Object.keys(fileTypeNames).sort()).toEqual([...allowedFileTypes].sort());
    expect(fileExtension('Stämmor.Final.PDF')).toBe('pdf');
    expect(fileExtension('README')).toBe('');
    expect(extensionFitsType('Stämmor.pdf', 'application/pdf')).toBe(true);
    expect(extensionFitsType('evil.exe', 'application/pdf')).toBe(false);
    expect(extensionFitsType('x.html', 'application/pdf')).toBe(false);
    expect(extensionFitsType('pdf', 'application/pdf')).toBe(false);
    expect(extensionFitsType('score.musicxml', 'text/xml')).toBe(true);
    expect(extensionFitsType('score.mxl', 'application/xml')).toBe(false);
    expect(extensionFitsType('IMG_0001.HEIC', 'image/heif')).toBe(true);
  });

  it('know the characters that turn text direction around', () => {
    for (const c of ['\u202e', '\u202d', '\u202a', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) expect(bidiControlCharacters.test(`a${c}b.pdf`)).toBe(true);
    expect(bidiControlCharacters.test('Dvořák – Symfoni nr 9 (ägg).pdf')).toBe(false);
    expect(bidiControlCharacters.test('موسيقى.pdf')).toBe(false);
  });
});

describe('file signatures', () => {
  const bytes = (...parts: (number[] | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  const ftyp = (major: string, ...compatible: string[]) => {
    const box = bytes([0, 0, 0, 0], 'ftyp', major, [0, 0, 0, 0], ...compatible);
    box.writeUInt32BE(box.length, 0);
    return box;
  };
  const good: Record<(typeof allowedFileTypes)[number], Buffer[]> = {
    'application/pdf': [bytes('%PDF-1.7\n%âãÏÓ')],
    'image/jpeg': [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    'image/png': [bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR')],
    'image/gif': [bytes('GIF89a'), bytes('GIF87a')],
    'image/webp': [bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')],
    'image/heic': [ftyp('heic', 'mif1', 'heic'), ftyp('mif1', 'heic')],
    'image/heif': [ftyp('mif1', 'miaf'), ftyp('isom', 'msf1')],
    'image/tiff': [bytes('II*', [0]), bytes('MM', [0], '*')],
    'application/msword': [bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [bytes('PK', [3, 4], '[Content_Types].xml')],
    'text/plain': [Buffer.from('Stråkar: 14-12-10-8-6\r\n\tBlås: 2-2-2-2\n', 'utf8'), Buffer.from('Övning', 'latin1'), bytes([0xff, 0xfe], 'H', [0], 'i', [0])],
    'application/vnd.recordare.musicxml+xml': [bytes('<?xml version="1.0"?>\n<!DOCTYPE score-partwise>'), bytes([0xef, 0xbb, 0xbf], '\n  <score-partwise>')],
    'application/vnd.recordare.musicxml': [bytes('PK', [3, 4], 'META-INF/container.xml')],
    'application/xml': [bytes('<score-timewise/>'), bytes([0xff, 0xfe], '<', [0], '?', [0])],
    'text/xml': [bytes('<?xml version="1.0" encoding="UTF-8"?>')],
  };

  it("accept each type's own first bytes", () => {
    for (const [type, samples] of Object.entries(good)) {
      for (const sample of samples) expect(fileContentProblem(type as keyof typeof good, sample), `${type} ${sample.toString('latin1')}`).toBeNull();
    }
  });

  it('refuse a page, a program or another format sent as a type, saying which type it is not', () => {
    const page = bytes('<!doctype html><script>alert(1)</script>');
    const program = bytes('MZ', [0x90, 0, 3, 0, 0, 0], 'This program cannot be run in DOS mode');
    expect(fileContentProblem('application/pdf', page)).toBe('is not a PDF (application/pdf): its first bytes are not those of one');
    expect(fileContentProblem('application/pdf', program)).not.toBeNull();
    expect(fileContentProblem('image/png', good['image/jpeg'][0])).toBe('is not a PNG image (image/png): its first bytes are not those of one');
    expect(fileContentProblem('text/plain', program)).toBe('is not a plain text file (text/plain): its first bytes are not those of one');
    expect(fileContentProblem('text/plain', good['image/png'][0])).not.toBeNull();
    expect(fileContentProblem('application/xml', bytes('not xml <a/>'))).not.toBeNull();
    expect(fileContentProblem('application/xml', bytes('<a>', [0], '</a>'))).not.toBeNull();
    expect(fileContentProblem('image/heic', ftyp('isom', 'mp41', 'avc1'))).not.toBeNull();
    expect(fileContentProblem('image/webp', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).not.toBeNull();
    expect(fileContentProblem('application/msword', good['application/vnd.openxmlformats-officedocument.wordprocessingml.document'][0])).not.toBeNull();
    expect(fileContentProblem('application/pdf', Buffer.alloc(0))).toBe('is empty');
  });
});

describe('file keys', () => {
  const orchestra = '0b7f2d64-8a3e-4c1b-9d52-1f6e0a9c3b71';
  const project = '5d1c2b3a-0000-4000-8000-000000000001';

  it('serve a confirmed upload from a key of its own, named by the checked version, which leads back to the upload key', () => {
    const upload = uploadStorageKey(orchestra, project);
    expect(upload).toMatch(new RegExp(`^orchestras/${orchestra}/projects/${project}/uploads/[0-9a-f-]{36}$`));
    const id = upload.split('/').pop();
    const served = servedStorageKey(upload, '"9e107d9d372bb6826bd81d3542a419d6"');
    expect(served).toBe(`orchestras/${orchestra}/projects/${project}/files/${id}/9e107d9d372bb6826bd81d3542a419d6`);
    expect(servedStorageKey(upload, '"a0b1-2"')).not.toBe(served);
    expect(uploadKeyOfServed(served)).toBe(upload);
    expect(uploadKeyOfServed(upload)).toBeNull();
  });

  it('serve an upload keyed the way it was before from a key of its own too', () => {
    const before = `orchestras/${orchestra}/projects/${project}/3f1d2c1e-0000-4000-8000-000000000001`;
    expect(servedStorageKey(before, 'abc')).toBe(`orchestras/${orchestra}/projects/${project}/files/3f1d2c1e-0000-4000-8000-000000000001/abc`);
    expect(uploadKeyOfServed(before)).toBeNull();
    expect(() => servedStorageKey(`orchestras/${orchestra}/backups/x.json`, 'abc')).toThrow(/not an upload key/);
    expect(() => servedStorageKey(before, '""')).toThrow(/not an upload key/);
  });
});
