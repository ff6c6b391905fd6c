/**
 * How deep a JSON body may nest arrays and objects. The product's deepest body is three levels
 * (`{ choices: [{ … }] }`); anything near the limit is an attack on recursive code (validation, logging).
 */
export const maxJsonNesting = 64;

const quote = 0x22;
const backslash = 0x5c;
const opening = new Set([0x5b, 0x7b]); // [ {
const closing = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether JSON text nests deeper than `limit`, read in one pass without recursion (so a body nested 200,000 deep
 * costs a loop, not a stack), before JSON.parse builds it. Brackets inside strings do not count. Text that is
 * not JSON is left for JSON.parse to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === backslash) i++;
      else if (c === quote) inString = false;
    } else if (c === quote) {
      inString = true;
    } else if (opening.has(c)) {
      if (++depth > limit) return true;
    } else if (closing.has(c)) {
      depth--;
    }
  }
  return false;
}
