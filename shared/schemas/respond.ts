import * as z from 'zod';

/** The musician's response link `/respond/{token}` and the answer posted from its page (SPEC §3.5). */

/**
 * Tokens are base64url. Anything else cannot be a token; it is refused like an unknown one (404, by the
 * use case) rather than with a 400 naming the field, so a wrong link never tells more than "no such link".
 */
export const respondParams = z.object({ token: z.string().max(200) });

export const respondAnswerBody = z.object({
  answer: z.enum(['yes', 'no'], { message: 'must be yes or no' }),
});

export type RespondAnswerBody = z.infer<typeof respondAnswerBody>;
