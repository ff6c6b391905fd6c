import type { FileSendOn } from '../../../../shared/domain/file-rules';

/** A file as GET /api/projects/{id}/files answers it (shared/app/files/read-files.ts). */
export interface ProjectFile {
  id: string;
  code: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sendOn: FileSendOn;
  need: { id: string; code: string } | null;
  confirmed: boolean;
  createdAt: string;
}

/** What POST /api/projects/{id}/files answers: the unconfirmed file and the form its bytes are posted with. */
export interface UploadStart {
  file: ProjectFile;
  upload: { url: string; fields: Record<string, string> };
}

/** What GET …/files/{fileId}/download answers: a link valid for a few minutes. */
export interface DownloadLink {
  url: string;
}
