-- Issue 12: every approved entry belongs to exactly one statement.
--
-- Model: an approved entry carries its *billing month*, fixed when it is approved (under the contract's row lock,
-- which finalisation takes too): the month it was worked in (Leistungszeitraum), or, if that month's statement is
-- finalised already, the first later month of the contract that is not (a "Nachtrag" there). A statement is then
-- simply "the approved entries of contract C with billing month M": one value per entry, so no entry can be in two
-- drafts, and finalising month M only ever bills entries of month M. Statements stay rows that exist once
-- finalised (append-only, see 0005); a draft is computed. Chosen over a draft-statement row per contract and month,
-- because that row would have to be created lazily, kept current and locked on every approval, and finalised
-- rows may not change (the trigger of 0005) — one immutable column per entry needs none of that.
ALTER TABLE "time_entries" ADD COLUMN "billing_month" text;
--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_month_format" CHECK ("statements"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$') NOT VALID;
--> statement-breakpoint
-- Existing data. Billed entries keep the statement that billed them (older statements may hold entries of earlier
-- months: those show as its Nachträge). The trigger of 0005 refuses any change to billed rows, so it is switched
-- off for this one update, inside the migration's transaction, by the owner.
ALTER TABLE "time_entries" DISABLE TRIGGER "time_entries_billed_immutable";
--> statement-breakpoint
UPDATE "time_entries" te SET "billing_month" = s."month" FROM "statements" s WHERE s."id" = te."statement_id";
--> statement-breakpoint
ALTER TABLE "time_entries" ENABLE TRIGGER "time_entries_billed_immutable";
--> statement-breakpoint
-- Approved, unbilled entries: their own month, or the first later month of their contract not yet finalised.
UPDATE "time_entries" te SET "billing_month" = (
  SELECT to_char(m, 'YYYY-MM')
    FROM generate_series(date_trunc('month', te."date"::timestamp), date_trunc('month', te."date"::timestamp) + interval '1200 months', interval '1 month') AS m
   WHERE NOT EXISTS (SELECT 1 FROM "statements" s WHERE s."contract_id" = g."contract_id" AND s."month" = to_char(m, 'YYYY-MM'))
   ORDER BY m LIMIT 1)
  FROM "grants" g
 WHERE g."id" = te."grant_id" AND te."status" = 'approved' AND te."statement_id" IS NULL;
--> statement-breakpoint
-- Approved ⇔ it has a billing month; never earlier than the month the hours were worked in.
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_billing_month" CHECK (
  ("time_entries"."status" = 'approved') = ("time_entries"."billing_month" IS NOT NULL)
  AND ("time_entries"."billing_month" IS NULL OR (
    "time_entries"."billing_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'
    AND "time_entries"."billing_month" >= lpad(extract(year FROM "time_entries"."date")::text, 4, '0') || '-' || lpad(extract(month FROM "time_entries"."date")::text, 2, '0')
  ))
);
--> statement-breakpoint
-- A billed entry is billed by the statement of its billing month, nothing else.
ALTER TABLE "statements" ADD CONSTRAINT "statements_id_month_key" UNIQUE ("id", "month");
--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_statement_month_fk" FOREIGN KEY ("statement_id", "billing_month") REFERENCES "public"."statements"("id", "month") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- An entry may not be assigned to a month whose statement is finalised: that statement would silently change.
-- The app holds the contract's row lock while it assigns (as finalisation does), so this check cannot race.
CREATE FUNCTION time_entries_refuse_finalised_month() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.billing_month IS NOT NULL AND NEW.statement_id IS NULL AND EXISTS (
    SELECT 1 FROM statements s JOIN grants g ON g.contract_id = s.contract_id
     WHERE g.id = NEW.grant_id AND s.month = NEW.billing_month
  ) THEN
    RAISE EXCEPTION 'the statement for % is finalised; time entry % cannot be added to it', NEW.billing_month, NEW.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER time_entries_open_billing_month
  BEFORE INSERT OR UPDATE OF billing_month ON time_entries
  FOR EACH ROW EXECUTE FUNCTION time_entries_refuse_finalised_month();
--> statement-breakpoint
-- Drafts read "approved, unbilled entries of a billing month"; the overview groups by it.
CREATE INDEX "time_entries_billing_month_idx" ON "time_entries" USING btree ("billing_month", "grant_id") WHERE "billing_month" IS NOT NULL;
