CREATE TABLE "audit_chain_head" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"seq" bigint,
	"hash" "bytea",
	CONSTRAINT "audit_chain_head_one_row" CHECK ("audit_chain_head"."id")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" "bytea";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" "bytea";--> statement-breakpoint
-- Tamper evidence for the audit (hand-written). Each row's `hash` is sha256 over its content and the hash of the
-- row before it in `seq` order, so whoever can get round the append-only trigger (owner, superuser) cannot edit,
-- remove or insert a row without breaking the chain from there on; GET /api/audit/verify recomputes it.
--
-- The canonical form is a JSON array: jsonb prints keys sorted and numbers normalised, and `at` is written in
-- UTC with microseconds, so the text (and the hash) does not depend on the session's time zone or on key order.
CREATE FUNCTION audit_log_hash(
  p_seq bigint, p_id uuid, p_at timestamptz, p_actor_id uuid, p_action text, p_entity text, p_entity_id uuid,
  p_before jsonb, p_after jsonb, p_prev_hash bytea
) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
  SELECT sha256(convert_to(jsonb_build_array(
    p_seq, p_id, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), p_actor_id, p_action, p_entity,
    p_entity_id, p_before, p_after, encode(p_prev_hash, 'hex')
  )::text, 'UTF8'))
$$;
--> statement-breakpoint
-- Appends a row to the chain. Locking the one chain-head row serialises appends: two transactions inserting at
-- once cannot both link to the same predecessor. `seq` is drawn under that lock (not by the column default,
-- which ran earlier, unlocked), so the chain order is the `seq` order is the commit order.
--
-- Trade-off: the row lock is held until the inserting transaction ends, so audited writes commit one after the
-- other from their audit insert on. Repositories record the audit row as the last step of their transaction, which
-- keeps the locked stretch short; the app's transactions take milliseconds.
--
-- SECURITY DEFINER, run as the owner: the app role may neither write the chain head nor so move the tail.
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
  NEW.seq := nextval(pg_get_serial_sequence('public.audit_log', 'seq'));
  NEW.prev_hash := head.hash;
  NEW.hash := audit_log_hash(NEW.seq, NEW.id, NEW.at, NEW.actor_id, NEW.action, NEW.entity, NEW.entity_id, NEW.before, NEW.after, NEW.prev_hash);
  UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_log_chain() FROM PUBLIC;
--> statement-breakpoint
-- Rows written before this migration are chained once, in `seq` order. The append-only trigger is off for
-- exactly this statement; DDL in a transaction, so nobody sees the table without it.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log%ROWTYPE;
  prev bytea := NULL;
  last_seq bigint := NULL;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY seq LOOP
    r.prev_hash := prev;
    r.hash := audit_log_hash(r.seq, r.id, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after, prev);
    UPDATE audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
    last_seq := r.seq;
  END LOOP;
  INSERT INTO audit_chain_head (id, seq, hash) VALUES (true, last_seq, prev);
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain
  BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
