import type { FileSendOn } from '../../domain/file-rules';
import { notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import type { Page } from '../../schemas/paging';
import type { FilesQuery } from '../../schemas/files';

export interface FileView {
  id: string;
  code: string;
  projectId: string;
  /** The need the file belongs to, or null for the whole project. */
  need: { id: string; code: string } | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sendOn: FileSendOn;
  /** False until the upload was found in storage (POST …/confirm). */
  confirmed: boolean;
  confirmedAt: string | null;
  createdAt: string;
}

/** The row with its storage key, which use cases need and the API never shows. */
export interface StoredFile extends FileView {
  storageKey: string;
}

interface FileRow {
  id: string;
  code: string;
  project_id: string;
  need_id: string | null;
  need_code: string | null;
  storage_key: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  send_on: FileSendOn;
  confirmed_at: string | null;
  created_at: string;
}

const fileSelect = `
  SELECT f.id, f.code, f.project_id, f.need_id, n.code AS need_code, f.storage_key, f.filename, f.content_type,
         f.size_bytes, f.send_on, f.confirmed_at, f.created_at
    FROM files f
    LEFT JOIN needs n ON n.id = f.need_id`;

const listFilter = `
  WHERE f.project_id = :projectId::uuid AND f.confirmed_at IS NOT NULL
    AND (:needId::uuid IS NULL OR f.need_id = :needId::uuid)
    AND (:sendOn::text IS NULL OR f.send_on = :sendOn::text)`;

/** A project's uploaded (confirmed) files, oldest first, so the order matches how they were added. */
export async function listFiles(db: Queryable, projectId: string, query: FilesQuery): Promise<Page<FileView>> {
  const { rows: project } = await db.query(`SELECT 1 FROM projects WHERE id = :projectId::uuid`, { projectId });
  if (project.length === 0) throw notFound('No such project.');
  const params = { projectId, needId: query.needId ?? null, sendOn: query.sendOn ?? null };
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM files f ${listFilter}`, params);
  const { rows } = await db.query<FileRow>(`${fileSelect} ${listFilter} ORDER BY f.created_at, f.code LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map((r) => toFileView(r)), total: counted[0].total };
}

/** One file of the project (404 for another project's file); `lock` holds the row for a change. */
export async function findFile(
  db: Queryable,
  projectId: string,
  fileId: string,
  options: { confirmedOnly?: boolean; lock?: boolean } = {},
): Promise<StoredFile> {
  const { rows } = await db.query<FileRow>(
    `${fileSelect} WHERE f.id = :fileId::uuid AND f.project_id = :projectId::uuid ${options.lock ? 'FOR UPDATE OF f' : ''}`,
    { fileId, projectId },
  );
  const row = rows[0];
  if (!row || (options.confirmedOnly && row.confirmed_at === null)) throw notFound('No such file in this project.');
  return { ...toFileView(row), storageKey: row.storage_key };
}

export function toFileView(r: FileRow): FileView {
  return {
    id: r.id,
    code: r.code,
    projectId: r.project_id,
    need: r.need_id ? { id: r.need_id, code: r.need_code ?? '' } : null,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sendOn: r.send_on,
    confirmed: r.confirmed_at !== null,
    confirmedAt: r.confirmed_at,
    createdAt: r.created_at,
  };
}

/** The view without the storage key. */
export function publicFile({ storageKey: _storageKey, ...view }: StoredFile): FileView {
  return view;
}
