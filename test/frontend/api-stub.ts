/** Small helpers the component tests share to answer the web app's fetches. */

/** A fixed, readable uuid: id(7) → 00000000-0000-4000-8000-000000000007. */
export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A JSON response as the API sends it. */
export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
