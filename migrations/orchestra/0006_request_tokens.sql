-- Further response links of a request (SPEC §3.5). A token is kept only as its hash, so the reminder cannot
-- repeat the first email's link: it carries a fresh token for the same request. Every link of a request
-- answers that one request, and the answer lives on the request, so it is still answerable once.
CREATE TABLE request_tokens (
  token_hash  text PRIMARY KEY,                           -- SHA-256 (hex) of the token, never the token
  request_id  uuid NOT NULL REFERENCES requests (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_tokens_request ON request_tokens (request_id);
