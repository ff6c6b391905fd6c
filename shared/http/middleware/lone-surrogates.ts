import type { FieldError } from '../errors';

/** Why a text holding half of a UTF-16 surrogate pair is refused: it is no Unicode text, and UTF-8 (PostgreSQL, mail) cannot carry it. */
export const loneSurrogateMessage = 'must be valid Unicode text: it holds a lone UTF-16 surrogate (half of a character, e.g. \\ud800)';
export const loneSurrogateKeyMessage = 'has a key that holds a lone UTF-16 surrogate (half of a character, e.g. \\ud800)';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasLoneSurrogate = (text: string) => loneSurrogate.test(text);

/**
 * Every string (and every object key) in a parsed JSON body that holds a lone surrogate (`"\ud800"` is valid
 * JSON syntax), named by its path (`name`, `choices.0.musicianId`; `where` for the top level). Walked with
 * an explicit stack, so no nesting can overflow it.
 */
export function loneSurrogateFields(value: unknown, where: string): FieldError[] {
  const fields: FieldError[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  const name = (path: string[]) => path.join('.') || where;
  while (stack.length > 0) {
    const { value: item, path } = stack.pop()!;
    if (typeof item === 'string') {
      if (hasLoneSurrogate(item)) fields.push({ field: name(path), message: loneSurrogateMessage });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push({ value: item[i], path: [...path, String(i)] });
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      if (entries.some(([key]) => hasLoneSurrogate(key))) fields.push({ field: name(path), message: loneSurrogateKeyMessage });
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
    }
  }
  return fields;
}
