/**
 * What may be attached to a project (SPEC §2: pdf, images, doc/docx, txt, MusicXML; at most 25 MB). The
 * same list as the files table's CHECK, so a bad type is a 400 naming the field, never a database error.
 * SVG is left out on purpose: it can carry script.
 */
export const allowedFileTypes = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/tiff',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
  'application/vnd.recordare.musicxml+xml',
  'application/vnd.recordare.musicxml',
  'application/xml',
  'text/xml',
] as const;

export type AllowedFileType = (typeof allowedFileTypes)[number];

/**
 * The name endings each type may have (lower case, without the dot), and what to call the type to a person.
 * A name must end in one of its type's endings, so `evil.exe` or `x.html` is never stored as a PDF: a musician
 * who saves an attachment gets what its name says.
 */
export const fileTypeNames: Record<AllowedFileType, { extensions: readonly string[]; description: string }> = {
  'application/pdf': { extensions: ['pdf'], description: 'a PDF' },
  'image/jpeg': { extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], description: 'a JPEG image' },
  'image/png': { extensions: ['png'], description: 'a PNG image' },
  'image/gif': { extensions: ['gif'], description: 'a GIF image' },
  'image/webp': { extensions: ['webp'], description: 'a WebP image' },
  // Phones name HEIF photos .heic and .heif alike, and browsers report either type for both.
  'image/heic': { extensions: ['heic', 'heif'], description: 'a HEIC image' },
  'image/heif': { extensions: ['heif', 'heic'], description: 'a HEIF image' },
  'image/tiff': { extensions: ['tif', 'tiff'], description: 'a TIFF image' },
  'application/msword': { extensions: ['doc'], description: 'a Word document (.doc)' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], description: 'a Word document (.docx)' },
  'text/plain': { extensions: ['txt', 'text'], description: 'a plain text file' },
  'application/vnd.recordare.musicxml+xml': { extensions: ['musicxml', 'xml'], description: 'a MusicXML file' },
  'application/vnd.recordare.musicxml': { extensions: ['mxl'], description: 'a compressed MusicXML file (.mxl)' },
  'application/xml': { extensions: ['xml', 'musicxml'], description: 'an XML file' },
  'text/xml': { extensions: ['xml', 'musicxml'], description: 'an XML file' },
};

/** The name's ending after its last dot, lower case ('' when there is none). */
export function fileExtension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).trim().toLowerCase();
}

/** Whether the name ends the way its type's files do. */
export function extensionFitsType(filename: string, contentType: AllowedFileType): boolean {
  return fileTypeNames[contentType].extensions.includes(fileExtension(filename));
}

/**
 * Characters that reorder how a name is shown (right-to-left override, embeddings, isolates, marks): with
 * them `fdp.exe` can look like `exe.pdf`, so a name that holds one is refused.
 */
export const bidiControlCharacters = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const maxFileBytes = 25 * 1024 * 1024;

/** When a file goes out: with the first request email, or with the confirmation after a yes. */
export const fileSendOn = ['request', 'accept'] as const;
export type FileSendOn = (typeof fileSendOn)[number];

/** Presigned links are short-lived: long enough to start an upload or a download, no more. */
export const uploadLinkSeconds = 15 * 60;
export const downloadLinkSeconds = 5 * 60;
/** A musician's page links the project's files for a while: they may read it before they download. */
export const respondFileLinkSeconds = 15 * 60;
/** The longest any presigned link lives; the credentials that sign one must outlive it (aws-runtime.ts). */
export const longestFileLinkSeconds = Math.max(uploadLinkSeconds, downloadLinkSeconds, respondFileLinkSeconds);
