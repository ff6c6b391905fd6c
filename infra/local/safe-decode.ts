/** decodeURIComponent that answers null for a malformed escape (`%E0%A4%A`) instead of throwing. */
export function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
