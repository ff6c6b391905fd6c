import * as z from 'zod';
import { idSchema } from './ids';
import { pageQuery } from './paging';

/** Requests of /api/musicians, shared with the web app. */

export const musicianLanguages = ['sv', 'en'] as const;
export type MusicianLanguage = (typeof musicianLanguages)[number];

const name = z.string({ message: 'is required' }).trim().min(1, { message: 'is required' }).max(100, { message: 'must be at most 100 characters' });

/**
 * Kept as typed (trimmed); uniqueness is case-insensitive (the database compares lower(email)). Required:
 * email is how a musician is asked, and the schema holds every live musician to having one.
 */
export const musicianEmail = z
  .string({ message: 'is required' })
  .trim()
  .max(254, { message: 'must be at most 254 characters' })
  .pipe(z.email({ message: 'must be an email address' }));

/** Empty means none. */
const phone = z
  .string({ message: 'must be text' })
  .trim()
  .max(40, { message: 'must be at most 40 characters' })
  .nullable()
  .transform((p) => (p ? p : null));

const language = z.enum(musicianLanguages, { message: 'must be sv or en' });
const bool = z.boolean({ message: 'must be true or false' });
const notes = z.string({ message: 'must be text' }).max(10000, { message: 'must be at most 10000 characters' });

/** Position ids the musician may play, on any number of instruments; duplicates are ignored. */
const qualifications = z
  .array(idSchema, { message: 'must be a list of position ids' })
  .max(200, { message: 'must name at most 200 positions' })
  .transform((ids) => [...new Set(ids)]);

const musicianFields = {
  firstName: name,
  lastName: name,
  email: musicianEmail,
  phone,
  language,
  localResident: bool,
  notes,
  active: bool,
  qualifications,
};

export const musicianCreateBody = z.object({
  ...musicianFields,
  phone: phone.default(null),
  language: language.default('sv'),
  localResident: bool.default(false),
  notes: notes.default(''),
  active: bool.default(true),
  qualifications: qualifications.default([]),
});

export const musicianPatchBody = z
  .object(musicianFields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'names nothing to change' });

export const musicianStatuses = ['active', 'inactive', 'archived'] as const;
export const musicianSorts = ['lastName', 'firstName', 'code', 'createdAt'] as const;

export const musiciansQuery = pageQuery.extend({
  /** Part of the name, email or code, case-insensitive. */
  search: z.string().trim().max(200, { message: 'must be at most 200 characters' }).optional(),
  instrumentId: idSchema.optional(),
  positionId: idSchema.optional(),
  /** Empty = every musician that is not archived. */
  status: z.enum(musicianStatuses, { message: 'must be active, inactive or archived' }).optional(),
  localResident: z.stringbool({ error: 'must be true or false' }).optional(),
  sort: z.enum(musicianSorts, { message: `must be one of ${musicianSorts.join(', ')}` }).default('lastName'),
  order: z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).default('asc'),
});

export const musicianImportBody = z.object({
  csv: z.string({ message: 'must be the CSV text' }).min(1, { message: 'is empty' }),
  /** True: only check and report; false: write every row or none. */
  dryRun: z.boolean({ message: 'must be true or false' }).default(false),
});

export type MusicianCreateBody = z.infer<typeof musicianCreateBody>;
export type MusicianPatchBody = z.infer<typeof musicianPatchBody>;
export type MusiciansQuery = z.infer<typeof musiciansQuery>;
export type MusicianImportBody = z.infer<typeof musicianImportBody>;
