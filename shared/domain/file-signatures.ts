import { fileTypeNames, type AllowedFileType } from './file-rules';

/**
 * What an uploaded file's first bytes must look like for its declared type (checked when the upload is
 * confirmed), so that a page or a program sent as "a PDF" is never stored, listed or mailed as one. These are
 * the formats' own signatures ("magic numbers"); text types have none, so they are held to looking like text.
 */

/** How many bytes of the start are read to judge the type: enough for every signature and a sample of text. */
export const fileSignatureBytes = 4096;

const startsWith = (bytes: Buffer, signature: number[] | string, offset = 0) => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

const zipArchive = (bytes: Buffer) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);

// ISO base media file (HEIF/HEIC): an `ftyp` box first, naming a HEIF brand as its major or a compatible brand.
const heifBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);
function heifImage(bytes: Buffer): boolean {
  if (!startsWith(bytes, 'ftyp', 4)) return false;
  const boxEnd = Math.min(bytes.readUInt32BE(0), bytes.length);
  for (let offset = 8; offset + 4 <= boxEnd; offset += offset === 8 ? 8 : 4) {
    if (heifBrands.has(bytes.subarray(offset, offset + 4).toString('latin1'))) return true;
  }
  return false;
}

const utf16ByteOrderMark = (bytes: Buffer) => startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);

// Text in any 8-bit encoding (UTF-8, Latin-1, Windows-1252) or UTF-16 with its byte order mark: no control
// characters but tab, line breaks and form feed. A program, an archive or an image has them in its first bytes.
function plainText(bytes: Buffer): boolean {
  if (utf16ByteOrderMark(bytes)) return true;
  return !bytes.some((byte) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f);
}

// XML starts with `<` (a declaration or the root element), after an optional byte order mark and blank space.
function xmlText(bytes: Buffer): boolean {
  if (startsWith(bytes, [0xff, 0xfe, 0x3c, 0x00]) || startsWith(bytes, [0xfe, 0xff, 0x00, 0x3c])) return true;
  const text = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  const first = text.findIndex((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  return first >= 0 && text[first] === 0x3c && plainText(text);
}

const looksLike: Record<AllowedFileType, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => startsWith(b, '%PDF-'),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/gif': (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a'),
  'image/webp': (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8),
  'image/heic': heifImage,
  'image/heif': heifImage,
  // Little- or big-endian, classic or BigTIFF.
  'image/tiff': (b) => [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], [0x49, 0x49, 0x2b, 0x00], [0x4d, 0x4d, 0x00, 0x2b]].some((s) => startsWith(b, s)),
  // Word 97–2003 is an OLE2 compound file; .docx and .mxl are ZIP archives.
  'application/msword': (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': zipArchive,
  'text/plain': plainText,
  'application/vnd.recordare.musicxml+xml': xmlText,
  'application/vnd.recordare.musicxml': zipArchive,
  'application/xml': xmlText,
  'text/xml': xmlText,
};

/** Why the bytes are not of the declared type, or null when they start as that type's files do. */
export function fileContentProblem(contentType: AllowedFileType, firstBytes: Buffer): string | null {
  if (firstBytes.length === 0) return 'is empty';
  if (looksLike[contentType](firstBytes)) return null;
  return `is not ${fileTypeNames[contentType].description} (${contentType}): its first bytes are not those of one`;
}
