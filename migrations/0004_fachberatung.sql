CREATE TYPE "public"."grant_status" AS ENUM('active', 'closed');--> statement-breakpoint
CREATE TYPE "public"."time_entry_activity" AS ENUM('consultation', 'workshop', 'preparation', 'document_review', 'site_visit', 'correspondence');--> statement-breakpoint
CREATE TYPE "public"."time_entry_status" AS ENUM('submitted', 'approved', 'rejected');--> statement-breakpoint
CREATE TABLE "advisor_budgets" (
	"year" integer PRIMARY KEY NOT NULL,
	"amount_cents" bigint NOT NULL,
	"committed_cents" bigint DEFAULT 0 NOT NULL,
	"spent_cents" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advisor_budgets_not_overcommitted" CHECK ("advisor_budgets"."committed_cents" <= "advisor_budgets"."amount_cents"),
	CONSTRAINT "advisor_budgets_spent_within_committed" CHECK ("advisor_budgets"."spent_cents" <= "advisor_budgets"."committed_cents"),
	CONSTRAINT "advisor_budgets_non_negative" CHECK ("advisor_budgets"."amount_cents" >= 0 AND "advisor_budgets"."committed_cents" >= 0 AND "advisor_budgets"."spent_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"advisor_id" uuid NOT NULL,
	"number" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"hourly_rate_cents" integer NOT NULL,
	"vat_rate_percent" integer NOT NULL,
	"expertise" text[] DEFAULT '{}' NOT NULL,
	"max_minutes" integer,
	"granted_minutes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_validity" CHECK ("contracts"."valid_until" >= "contracts"."valid_from"),
	CONSTRAINT "contracts_rate_positive" CHECK ("contracts"."hourly_rate_cents" > 0),
	CONSTRAINT "contracts_vat_rate" CHECK ("contracts"."vat_rate_percent" IN (0, 7, 19)),
	CONSTRAINT "contracts_volume_cap" CHECK ("contracts"."max_minutes" IS NULL OR "contracts"."granted_minutes" <= "contracts"."max_minutes")
);
--> statement-breakpoint
CREATE TABLE "grant_top_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"reason" text NOT NULL,
	"by_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"advisor_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"purpose" text NOT NULL,
	"granted_minutes" integer NOT NULL,
	"submitted_minutes" integer DEFAULT 0 NOT NULL,
	"approved_minutes" integer DEFAULT 0 NOT NULL,
	"committed_cents" bigint NOT NULL,
	"spent_cents" bigint DEFAULT 0 NOT NULL,
	"status" "grant_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "grants_hard_cap" CHECK ("grants"."submitted_minutes" + "grants"."approved_minutes" <= "grants"."granted_minutes"),
	CONSTRAINT "grants_non_negative" CHECK ("grants"."submitted_minutes" >= 0 AND "grants"."approved_minutes" >= 0 AND "grants"."granted_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"month" text NOT NULL,
	"total_minutes" integer NOT NULL,
	"net_cents" bigint NOT NULL,
	"vat_cents" bigint NOT NULL,
	"gross_cents" bigint NOT NULL,
	"finalized_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finalized_by" uuid
);
--> statement-breakpoint
CREATE TABLE "time_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"advisor_id" uuid NOT NULL,
	"date" date NOT NULL,
	"minutes" integer NOT NULL,
	"activity" time_entry_activity NOT NULL,
	"description" text,
	"status" time_entry_status DEFAULT 'submitted' NOT NULL,
	"rejection_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"statement_id" uuid,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_entries_quarter_hours" CHECK ("time_entries"."minutes" BETWEEN 15 AND 600 AND "time_entries"."minutes" % 15 = 0),
	CONSTRAINT "time_entries_rejection_reason" CHECK ("time_entries"."status" <> 'rejected' OR "time_entries"."rejection_reason" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_advisor_id_users_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_top_ups" ADD CONSTRAINT "grant_top_ups_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_top_ups" ADD CONSTRAINT "grant_top_ups_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_advisor_id_users_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_year_advisor_budgets_year_fk" FOREIGN KEY ("year") REFERENCES "public"."advisor_budgets"("year") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_finalized_by_users_id_fk" FOREIGN KEY ("finalized_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_advisor_id_users_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number_key" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "contracts_advisor_idx" ON "contracts" USING btree ("advisor_id","valid_from");--> statement-breakpoint
CREATE INDEX "grant_top_ups_grant_idx" ON "grant_top_ups" USING btree ("grant_id","at");--> statement-breakpoint
CREATE INDEX "grants_group_idx" ON "grants" USING btree ("group_id","created_at");--> statement-breakpoint
CREATE INDEX "grants_advisor_idx" ON "grants" USING btree ("advisor_id","status","created_at");--> statement-breakpoint
CREATE INDEX "grants_contract_idx" ON "grants" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "grants_status_idx" ON "grants" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_contract_month_key" ON "statements" USING btree ("contract_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "time_entries_idempotency_key" ON "time_entries" USING btree ("advisor_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "time_entries_grant_idx" ON "time_entries" USING btree ("grant_id","date","created_at");--> statement-breakpoint
CREATE INDEX "time_entries_advisor_idx" ON "time_entries" USING btree ("advisor_id","date","created_at");--> statement-breakpoint
CREATE INDEX "time_entries_status_idx" ON "time_entries" USING btree ("status","date","created_at");--> statement-breakpoint
CREATE INDEX "time_entries_statement_idx" ON "time_entries" USING btree ("statement_id");