import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import type { FolderFileStore, UploadOutcome } from '../../shared/adapters/local/folder-file-store';
import { maxFileBytes } from '../../shared/domain/file-rules';
import { attachmentDisposition } from '../../shared/http/content-disposition';

/** Where the local twin stands in for the files bucket: presigned POST uploads and presigned GET downloads. */
export const localFilesPath = '/_local/files';

/**
 * Handles `POST /_local/files/upload` (a multipart form like an S3 presigned POST: the signed fields, then
 * the file) and `GET /_local/files/download?…` (a signed link). Returns false for any other path.
 */
export async function handleLocalFilesRequest(store: FolderFileStore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname === `${localFilesPath}/upload` && req.method === 'POST') {
    const outcome = await receiveForm(store, req);
    if (outcome.ok) {
      res.writeHead(204);
      res.end();
    } else {
      sendError(res, outcome.status, outcome.code, outcome.message);
    }
    return true;
  }
  if (url.pathname === `${localFilesPath}/download` && req.method === 'GET') {
    const file = await store.openDownload(url.searchParams);
    if (!file) {
      sendError(res, 403, 'AccessDenied', 'The link is not valid or has expired.');
      return true;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.content.length),
      'content-disposition': attachmentDisposition(file.filename),
      // Served from the app's own origin, so never rendered as a page that could run script.
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    res.end(file.content);
    return true;
  }
  return false;
}

function receiveForm(store: FolderFileStore, req: IncomingMessage): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const refuse = (message: string): UploadOutcome => ({ ok: false, status: 400, code: 'MalformedPOSTRequest', message });
    let parser: busboy.Busboy;
    try {
      // One file; the size cap here bounds memory, the signed limit is checked by the store.
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 4096, fileSize: maxFileBytes + 1 } });
    } catch {
      req.resume();
      return resolve(refuse('Send a multipart/form-data body.'));
    }
    const fields: Record<string, string> = {};
    let outcome: Promise<UploadOutcome> | undefined;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream) => {
      // Like S3: the fields come first and the file last; anything after the file is ignored.
      if (name !== 'file' || outcome) return void stream.resume();
      outcome = store.receiveUpload({ ...fields }, stream);
    });
    parser.on('close', () => resolve(outcome ?? refuse('The form has no field named "file".')));
    parser.on('error', (error: Error) => resolve(refuse(error.message)));
    req.pipe(parser);
  });
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}
