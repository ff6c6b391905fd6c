import { svAdmin, type AdminDictionary } from './sv-admin';
import { svPublic, type PublicDictionary } from './sv-public';

/**
 * Swedish, the default language, whole: the public texts and the signed-in area's, written in sv-public.ts and
 * sv-admin.ts so the public pages download only theirs. Every key must exist in English (the type checker holds
 * them together); `t()` checks its keys against this type.
 */
export const sv = { ...svPublic, ...svAdmin };

export type Dictionary = PublicDictionary & AdminDictionary;
