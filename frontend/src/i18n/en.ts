import { enAdmin } from './en-admin';
import { enPublic } from './en-public';
import type { Dictionary } from './sv';

/** English, whole (see sv.ts): the public texts and the signed-in area's. */
export const en: Dictionary = { ...enPublic, ...enAdmin };
