import type * as z from 'zod';
import type { FieldError } from '../api/client';

/** Checks a form's values with the same zod schema the API uses, before anything is sent. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.infer<S> } | { ok: false; fields: FieldError[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fields: result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })) };
}

/** The first message for a field, from client-side or server-side field errors. */
export function fieldMessage(fields: FieldError[], field: string): string | undefined {
  return fields.find((f) => f.field === field)?.message;
}
