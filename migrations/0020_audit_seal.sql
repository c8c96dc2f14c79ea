-- Tamper evidence without a global lock held to commit (issue 13, hand-written).
--
-- Until now (migration 0012) a BEFORE INSERT trigger chained every audit row as it was inserted: it locked the one
-- `audit_chain_head` row, and that lock lasted until the inserting transaction ended. Every audited write in the
-- whole system therefore committed one after the other, each with its own WAL flush, whatever rows it touched:
-- hour logging on a hundred different grants ran as if on one.
--
-- Now audit rows are inserted unchained, and a *sealer* chains them afterwards. `audit_log_seal()` takes the rows
-- committed since its last run, in `seq` order, and appends one row per audit row to `audit_seals`: its position in
-- the chain and sha256 over the audit row's content and the previous seal's hash (the same `audit_log_hash` as
-- before). It runs in one short transaction of its own, called by every API process every few hundred
-- milliseconds and right before GET /api/audit/verify answers. Only sealing is serialised (an advisory lock plus
-- the chain head's row lock, held for the milliseconds a seal takes), never the writers.
--
-- Which rows are still unsealed: a statement trigger on `audit_log` queues each new row's `seq` in
-- `audit_unsealed` (inserts only, nothing shared is locked), and the sealer takes what it can see of the queue.
-- A transaction that drew a lower `seq` but commits after a later one is simply sealed in a later run: the chain's
-- order is the seal order (`audit_seals.position`), not the `seq` order, so a row committed late is never skipped
-- and never chained twice (`audit_seals.seq` is unique).
--
-- What verification covers: every sealed row (content, link to the previous seal, no gap in positions, the chain
-- head at the end), and it names as broken any audit row that is neither sealed nor queued (slipped in behind the
-- app's back with the triggers off) or queued and still unsealed long after it was written. A row is unprotected
-- only for the moment between its commit and the next seal — before, the owner could edit it as well, so the
-- window of a few hundred milliseconds adds nothing an attacker with the owner role could not do anyway.
CREATE TABLE "audit_seals" (
	"position" bigint PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_seals_position_positive" CHECK ("audit_seals"."position" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seals_seq_key" ON "audit_seals" USING btree ("seq");
--> statement-breakpoint
CREATE TABLE "audit_unsealed" (
	"seq" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_chain_head" ADD COLUMN "position" bigint;
--> statement-breakpoint
-- The refusal names its table: the seals are append-only too.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate
  BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
DROP TRIGGER audit_log_chain ON audit_log;
--> statement-breakpoint
DROP FUNCTION audit_log_chain();
--> statement-breakpoint
-- The existing chain becomes the first seals, unchanged: it was built in `seq` order with each row linked to the
-- hash of the row before, which is exactly a seal chain whose positions follow `seq`. The stored hashes are copied,
-- not recomputed, so a row changed before this migration still shows as broken afterwards.
INSERT INTO audit_seals (position, seq, hash, sealed_at)
SELECT row_number() OVER (ORDER BY seq), seq, hash, at FROM audit_log ORDER BY seq;
--> statement-breakpoint
UPDATE audit_chain_head SET position = (SELECT max(position) FROM audit_seals) WHERE id;
--> statement-breakpoint
ALTER TABLE audit_log DROP COLUMN prev_hash;
--> statement-breakpoint
ALTER TABLE audit_log DROP COLUMN hash;
--> statement-breakpoint
-- Queues new rows for the sealer. Per statement, so a batch (an approval of fifty entries) costs one insert.
-- SECURITY DEFINER: the app role may read the queue (verification) but not write it.
CREATE FUNCTION audit_log_enqueue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  INSERT INTO audit_unsealed (seq) SELECT seq FROM inserted;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_log_enqueue() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER audit_log_enqueue
  AFTER INSERT ON audit_log
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_enqueue();
--> statement-breakpoint
-- Seals up to `max_rows` queued rows and answers how many. With `wait` false (the periodic sealer) it gives way when
-- another process is sealing at this moment (that one takes the rows); with `wait` true (before a verification)
-- it waits for it, so every row committed before the call is sealed once the call returns with fewer than
-- `max_rows`. Two sealers can never link to the same predecessor: both the advisory lock and the chain head's row
-- lock are taken before the head is read.
--
-- SECURITY DEFINER, run as the owner: the app role may call it but cannot write the seals, the queue or the head
-- itself. Anyone may call it (EXECUTE stays with PUBLIC): all it can do is seal what is queued.
CREATE FUNCTION audit_log_seal(max_rows integer DEFAULT 5000, wait boolean DEFAULT false) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
  taken bigint[];
  r record;
  pos bigint;
  prev bytea;
  last_seq bigint;
  n integer := 0;
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(hashtext('wohnlotse.audit-seal'));
  ELSIF NOT pg_try_advisory_xact_lock(hashtext('wohnlotse.audit-seal')) THEN
    RETURN 0;
  END IF;
  SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
  WITH queued AS (
    DELETE FROM audit_unsealed WHERE seq IN (SELECT seq FROM audit_unsealed ORDER BY seq LIMIT max_rows) RETURNING seq
  )
  SELECT array_agg(seq ORDER BY seq) INTO taken FROM queued;
  IF taken IS NULL THEN
    RETURN 0;
  END IF;
  pos := coalesce(head.position, 0);
  prev := head.hash;
  FOR r IN SELECT * FROM audit_log WHERE seq = ANY (taken) ORDER BY seq LOOP
    pos := pos + 1;
    prev := audit_log_hash(r.seq, r.id, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after, prev);
    INSERT INTO audit_seals (position, seq, hash) VALUES (pos, r.seq, prev);
    last_seq := r.seq;
    n := n + 1;
  END LOOP;
  IF n > 0 THEN
    UPDATE audit_chain_head SET position = pos, seq = last_seq, hash = prev WHERE id;
  END IF;
  RETURN n;
END;
$$;
