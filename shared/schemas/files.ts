import * as z from 'zod';
import { allowedFileTypes, bidiControlCharacters, extensionFitsType, fileSendOn, fileTypeNames, maxFileBytes } from '../domain/file-rules';
import { idSchema } from './ids';
import { pageQuery } from './paging';

/** Requests of /api/projects/{id}/files, shared with the web app. */

export const fileParams = z.object({ id: idSchema, fileId: idSchema });

const filename = z
  .string({ message: 'is required' })
  .trim()
  .min(1, { message: 'is required' })
  .max(255, { message: 'must be at most 255 characters' })
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/.test(name), { message: 'must not contain slashes or control characters' })
  .refine((name) => !bidiControlCharacters.test(name), { message: 'must not contain characters that reverse the text direction (they can disguise the ending)' });

const contentType = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.enum(allowedFileTypes, { message: 'must be a PDF, an image (JPEG, PNG, GIF, WebP, HEIC, TIFF), a Word document, plain text or MusicXML' }),
);

const sizeBytes = z
  .number({ message: 'must be a number of bytes' })
  .int({ message: 'must be a whole number of bytes' })
  .min(1, { message: 'must be at least 1 byte (the file is empty)' })
  .max(maxFileBytes, { message: `must be at most 25 MB (${maxFileBytes} bytes)` });

const sendOn = z.enum(fileSendOn, { message: 'must be request or accept' });

/** A new file: what the browser knows before it uploads. The bytes go to the returned upload form. */
export const fileCreateBody = z
  .object({
    filename,
    contentType,
    sizeBytes,
    sendOn,
    /** Attach to one need of the project; null or absent: the whole project. */
    needId: idSchema.nullable().default(null),
  })
  .superRefine((body, ctx) => {
    // Runs once the fields are valid; a type outside the list is already refused on its own field.
    if (!fileTypeNames[body.contentType] || extensionFitsType(body.filename, body.contentType)) return;
    const { extensions, description } = fileTypeNames[body.contentType];
    ctx.addIssue({ code: 'custom', path: ['filename'], message: `must end in ${extensions.map((e) => `.${e}`).join(' or ')} for ${description} (${body.contentType})` });
  });

export const filePatchBody = z
  .object({ sendOn, needId: idSchema.nullable() })
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'names nothing to change' });

export const filesQuery = pageQuery.extend({
  needId: idSchema.optional(),
  sendOn: sendOn.optional(),
});

export type FileCreateBody = z.infer<typeof fileCreateBody>;
export type FilePatchBody = z.infer<typeof filePatchBody>;
export type FilesQuery = z.infer<typeof filesQuery>;
