/**
 * SQL condition on `requests` (unaliased): the request's email is no longer waiting in the outbox. Until its
 * delivery a request's deadline and reminder are provisional (SPEC §3.5: they run from the moment the email is
 * handed to the mail service, which moves them), so no timeout or reminder acts on it. A request email that
 * failed for good leaves its request to run out from when it was queued, so the need moves on.
 */
export const requestEmailDelivered = `NOT EXISTS (
  SELECT 1 FROM outbox o WHERE o.request_id = requests.id AND o.kind = 'request' AND o.status IN ('pending', 'sending'))`;
