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
