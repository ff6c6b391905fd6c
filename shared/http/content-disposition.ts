/**
 * `attachment` with the file's name, readable by every browser: an ASCII fallback in `filename` and the
 * exact name (UTF-8, percent-encoded, RFC 6266/8187) in `filename*`, so "Stämning.pdf" keeps its ä.
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
