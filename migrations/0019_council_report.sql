-- Council report (issue 11): stored reports ("Bericht festschreiben") and the indexes its aggregates read by.
CREATE TABLE "council_report_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"report" jsonb NOT NULL,
	"hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_report_snapshots_period" CHECK ("period_to" >= "period_from"),
	CONSTRAINT "council_report_snapshots_hash" CHECK ("hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "council_report_snapshots" ADD CONSTRAINT "council_report_snapshots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "council_report_snapshots_created_idx" ON "council_report_snapshots" USING btree ("created_at","id");--> statement-breakpoint
-- A stored report never changes: what was presented to the council stays what it was.
CREATE FUNCTION council_report_snapshots_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'council_report_snapshots is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER council_report_snapshots_no_update_delete
  BEFORE UPDATE OR DELETE ON council_report_snapshots
  FOR EACH ROW EXECUTE FUNCTION council_report_snapshots_refuse_change();
--> statement-breakpoint
CREATE TRIGGER council_report_snapshots_no_truncate
  BEFORE TRUNCATE ON council_report_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION council_report_snapshots_refuse_change();
--> statement-breakpoint
-- The report reads consultations by date and approved time entries by date; the existing indexes lead with the group.
CREATE INDEX "consultations_date_idx" ON "consultations" USING btree ("date");--> statement-breakpoint
CREATE INDEX "time_entries_approved_date_idx" ON "time_entries" USING btree ("date") INCLUDE ("grant_id", "minutes", "statement_id") WHERE "status" = 'approved';--> statement-breakpoint
CREATE INDEX "groups_created_idx" ON "groups" USING btree ("created_at");
