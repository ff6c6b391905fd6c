import * as z from 'zod';
import { unknownTemplateVariables } from '../domain/render-template';
import { templateLanguages, templateTypes, templateVariables } from '../domain/template-variables';

/** Requests of /api/templates, shared with the web app. */

export const templateParams = z.object({
  type: z.enum(templateTypes, { message: `must be one of ${templateTypes.join(', ')}` }),
  language: z.enum(templateLanguages, { message: `must be one of ${templateLanguages.join(', ')}` }),
});

/** Refuses `{{variables}}` outside the vocabulary, naming them (SPEC §2). */
const knownVariablesOnly = (text: string, ctx: z.core.$RefinementCtx<string>) => {
  const unknown = unknownTemplateVariables(text);
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `uses unknown variable${unknown.length === 1 ? '' : 's'} ${unknown.map((v) => `{{${v}}}`).join(', ')}; allowed: ${templateVariables.join(', ')}`,
    });
  }
};

const required = (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : 'must be text');

// A subject is one header line: a line break there would let a value start a new mail header.
const subject = z
  .string({ error: required })
  .trim()
  .min(1, { message: 'is required' })
  .max(300, { message: 'must be at most 300 characters' })
  .refine((s) => !/[\r\n]/.test(s), { message: 'must be one line' })
  .superRefine(knownVariablesOnly);

// The body keeps its own line breaks and indentation; only surrounding blank space is dropped.
const body = z
  .string({ error: required })
  .trim()
  .min(1, { message: 'is required' })
  .max(20000, { message: 'must be at most 20000 characters' })
  .superRefine(knownVariablesOnly);

export const templateBody = z.object({ subject, body });

/** Preview what is typed (not yet saved) or, for what is left out, the stored template. */
export const templatePreviewBody = z.object({ subject: subject.optional(), body: body.optional() }).default({});

export type TemplateParams = z.infer<typeof templateParams>;
export type TemplateBody = z.infer<typeof templateBody>;
export type TemplatePreviewBody = z.infer<typeof templatePreviewBody>;
