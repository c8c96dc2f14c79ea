CREATE TABLE "privacy_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"given_on" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid REFERENCES "users"("id"),
	"withdrawn_on" date,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid REFERENCES "users"("id"),
	CONSTRAINT "privacy_consents_kind" CHECK ("subject_kind" IN ('inquiry', 'contact')),
	CONSTRAINT "privacy_consents_purpose" CHECK ("purpose" IN ('contact', 'share_with_offer')),
	CONSTRAINT "privacy_consents_withdrawn" CHECK (("withdrawn_on" IS NULL) = ("withdrawn_at" IS NULL) AND ("withdrawn_on" IS NULL OR "withdrawn_on" >= "given_on"))
);
--> statement-breakpoint
CREATE INDEX "privacy_consents_subject_idx" ON "privacy_consents" ("subject_kind", "subject_id", "recorded_at");
--> statement-breakpoint
CREATE TABLE "privacy_restrictions" (
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" uuid REFERENCES "users"("id"),
	"reason" text NOT NULL,
	CONSTRAINT "privacy_restrictions_kind" CHECK ("subject_kind" IN ('inquiry', 'contact'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_restrictions_subject_key" ON "privacy_restrictions" ("subject_kind", "subject_id");
--> statement-breakpoint
CREATE TABLE "privacy_erasures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" uuid REFERENCES "users"("id"),
	"reason" text NOT NULL,
	CONSTRAINT "privacy_erasures_kind" CHECK ("subject_kind" IN ('inquiry', 'contact', 'user'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_erasures_subject_key" ON "privacy_erasures" ("subject_kind", "subject_id");
--> statement-breakpoint
CREATE TABLE "privacy_retention_settings" (
	"data_class" text PRIMARY KEY NOT NULL,
	"period" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid REFERENCES "users"("id"),
	CONSTRAINT "privacy_retention_settings_period" CHECK ("period" BETWEEN 1 AND 10950)
);
--> statement-breakpoint
CREATE TABLE "privacy_retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"triggered_by" uuid REFERENCES "users"("id"),
	"as_of" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "privacy_retention_runs_trigger" CHECK ("trigger" IN ('schedule', 'manual'))
);
--> statement-breakpoint
CREATE INDEX "privacy_retention_runs_started_idx" ON "privacy_retention_runs" ("started_at");
--> statement-breakpoint
-- Scrub personal data out of the audit rows written before the audit repository stopped storing it (see
-- docs/privacy.md). A frozen copy of the rule in plugins/app/audit/audit-personal-data.ts and the data classes
-- of this version: each entity's personal keys are dropped, nested {id, name|email|phone} lose the person's
-- fields, and `changedPersonalFields` names what changed. No production installation exists yet, so this
-- only touches development and demo data; the rows are re-sealed and an audit row says that it happened.
CREATE FUNCTION pg_temp.scrub_nested(v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF jsonb_typeof(v) = 'object' THEN
    RETURN (SELECT coalesce(jsonb_object_agg(k, pg_temp.scrub_nested(x)), '{}'::jsonb)
              FROM jsonb_each(v) AS e(k, x) WHERE NOT (v ? 'id' AND k IN ('name', 'email', 'phone')));
  ELSIF jsonb_typeof(v) = 'array' THEN
    RETURN (SELECT coalesce(jsonb_agg(pg_temp.scrub_nested(x) ORDER BY i), '[]'::jsonb)
              FROM jsonb_array_elements(v) WITH ORDINALITY AS a(x, i));
  END IF;
  RETURN v;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION pg_temp.personal_keys(entity text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['inquirerName', 'inquirerContact', 'advisorName'] || CASE entity
    WHEN 'user' THEN ARRAY['email', 'name', 'passwordHash', 'mfaSecret', 'mfaPendingSecret']
    WHEN 'session' THEN ARRAY['tokenHash', 'userAgent']
    WHEN 'inquiry' THEN ARRAY['name', 'contact', 'notes', 'closeReason', 'reason']
    WHEN 'referral' THEN ARRAY['reason', 'outcomeNote', 'note']
    WHEN 'contact' THEN ARRAY['name', 'email', 'phone', 'role']
    WHEN 'consultation' THEN ARRAY['notes']
    WHEN 'group' THEN ARRAY['description', 'reason']
    WHEN 'grant' THEN ARRAY['purpose', 'reason']
    WHEN 'time_entry' THEN ARRAY['description', 'rejectionReason', 'reason']
    WHEN 'offer' THEN ARRAY[]::text[]
    WHEN 'contract' THEN ARRAY[]::text[]
    WHEN 'statement' THEN ARRAY[]::text[]
    WHEN 'advisor_budget' THEN ARRAY[]::text[]
    WHEN 'settings' THEN ARRAY[]::text[]
    ELSE ARRAY['email', 'name', 'passwordHash', 'mfaSecret', 'mfaPendingSecret', 'codeHash', 'tokenHash', 'userAgent',
               'address', 'account', 'contact', 'notes', 'closeReason', 'reason', 'outcomeNote', 'phone', 'role',
               'description', 'purpose', 'rejectionReason']
  END
$$;
--> statement-breakpoint
CREATE FUNCTION pg_temp.scrub_top(v jsonb, keys text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL OR jsonb_typeof(v) <> 'object' THEN v
    ELSE (SELECT coalesce(jsonb_object_agg(k, pg_temp.scrub_nested(x)), '{}'::jsonb) FROM jsonb_each(v) AS e(k, x) WHERE k <> ALL (keys))
  END
$$;
--> statement-breakpoint
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r audit_log%ROWTYPE;
  keys text[];
  changed text[];
  new_before jsonb;
  new_after jsonb;
  prev bytea := NULL;
  last_seq bigint := NULL;
  scrubbed integer := 0;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY seq LOOP
    keys := pg_temp.personal_keys(r.entity);
    SELECT coalesce(array_agg(k ORDER BY k), ARRAY[]::text[]) INTO changed FROM unnest(keys) AS k
     WHERE (r.before ? k OR r.after ? k)
       AND CASE WHEN r.before IS NULL OR r.after IS NULL
                THEN coalesce(r.after -> k, r.before -> k) <> 'null'::jsonb
                ELSE (r.before -> k) IS DISTINCT FROM (r.after -> k) END;
    new_before := pg_temp.scrub_top(r.before, keys);
    new_after := pg_temp.scrub_top(r.after, keys);
    IF cardinality(changed) > 0 THEN
      IF new_after IS NOT NULL THEN new_after := new_after || jsonb_build_object('changedPersonalFields', to_jsonb(changed));
      ELSE new_before := coalesce(new_before, '{}'::jsonb) || jsonb_build_object('changedPersonalFields', to_jsonb(changed));
      END IF;
    END IF;
    IF new_before IS DISTINCT FROM r.before OR new_after IS DISTINCT FROM r.after THEN scrubbed := scrubbed + 1; END IF;
    r.hash := audit_log_hash(r.seq, r.id, r.at, r.actor_id, r.action, r.entity, r.entity_id, new_before, new_after, prev);
    UPDATE audit_log SET before = new_before, after = new_after, prev_hash = prev, hash = r.hash WHERE id = r.id;
    prev := r.hash;
    last_seq := r.seq;
  END LOOP;
  IF last_seq IS NOT NULL THEN
    UPDATE audit_chain_head SET seq = last_seq, hash = prev WHERE id;
  END IF;
  IF scrubbed > 0 THEN
    -- Appended through the chain trigger like any entry, so the trail itself says that it was re-sealed here.
    INSERT INTO audit_log (actor_id, action, entity, entity_id, before, after)
    VALUES (NULL, 'audit.personal_data_scrubbed', 'audit', NULL, NULL,
            jsonb_build_object('rows', scrubbed, 'migration', '0017_privacy', 'chainResealedFromSeq', 1));
  END IF;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
-- Billed time entries stay unchanged, with one exception for data protection: their free text (description,
-- rejection reason) may be cleared to NULL — by the retention job after the billing period, or by an erasure
-- that found a person named in it. Minutes, dates, money links and status stay exactly as billed.
CREATE OR REPLACE FUNCTION time_entries_refuse_billed_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.statement_id IS NOT NULL THEN
    IF TG_OP = 'UPDATE'
       AND (NEW.description IS NULL OR NEW.description IS NOT DISTINCT FROM OLD.description)
       AND (NEW.rejection_reason IS NULL OR NEW.rejection_reason IS NOT DISTINCT FROM OLD.rejection_reason)
       AND (to_jsonb(NEW) - ARRAY['description', 'rejection_reason', 'updated_at']) = (to_jsonb(OLD) - ARRAY['description', 'rejection_reason', 'updated_at']) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'time entry % is billed and cannot change', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
