-- The fingerprint (SHA-256 of grant and canonical body) of the request an Idempotency-Key was first used for,
-- so the key reused for a different request is refused (422 IDEMPOTENCY_KEY_REUSED) instead of answered with
-- the first entry. Older entries keep NULL: for them only the grant is compared.
ALTER TABLE "time_entries" ADD COLUMN "idempotency_request_hash" text;
