import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderFileStore, type FolderFileStore } from '../../shared/adapters/local/folder-file-store';

/** The twin's FileStore on a real folder: what confirming an upload relies on (read the start, copy that version only). */
describe('folder file store', () => {
  let directory: string;
  let store: FolderFileStore;
  const upload = 'orchestras/o-1/projects/p-1/uploads/u-1';
  const served = 'orchestras/o-1/projects/p-1/files/u-1/v';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'folder-file-store-'));
    store = createFolderFileStore({ directory, basePath: '/_local/files' });
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads the first bytes, the whole size and a version of an object; null when there is none', async () => {
    await store.put(upload, Buffer.from('%PDF-1.4\nnoter'), 'application/pdf');
    const start = await store.readStart(upload, 5);
    expect(start).toEqual({ firstBytes: Buffer.from('%PDF-'), sizeBytes: 14, version: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await store.readStart('orchestras/o-1/missing', 5)).toBeNull();
  });

  it('copies the version that was read, with its type, and refuses one replaced or removed since', async () => {
    await store.put(upload, Buffer.from('%PDF-1.4\nnoter'), 'application/pdf');
    const { version } = (await store.readStart(upload, 5))!;
    expect(await store.copyIfUnchanged(upload, served, version)).toBe(true);
    expect(await store.get(served)).toEqual(Buffer.from('%PDF-1.4\nnoter'));
    const link = new URL(await store.presignDownload(served, { filename: 'noter.pdf', expiresInSeconds: 60 }), 'http://localhost');
    expect((await store.openDownload(link.searchParams))?.contentType).toBe('application/pdf');

    await store.put(upload, Buffer.from('%PDF-1.4\nother'), 'application/pdf');
    expect(await store.copyIfUnchanged(upload, `${served}2`, version)).toBe(false);
    expect(await store.exists(`${served}2`)).toBe(false);
    await store.delete(upload);
    expect(await store.copyIfUnchanged(upload, `${served}3`, version)).toBe(false);
  });
});
