CREATE TYPE "public"."consultation_channel" AS ENUM('in_person', 'phone', 'video', 'email', 'event');--> statement-breakpoint
CREATE TYPE "public"."group_status" AS ENUM('active', 'paused', 'closed');--> statement-breakpoint
CREATE TYPE "public"."legal_form" AS ENUM('none', 'verein', 'eg', 'gmbh_syndikat', 'gbr', 'other');--> statement-breakpoint
CREATE TYPE "public"."lifecycle" AS ENUM('initiative', 'planning', 'construction', 'realised', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."stage" AS ENUM('orientation', 'concept', 'expert');--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"date" date NOT NULL,
	"minutes" integer NOT NULL,
	"channel" "consultation_channel" NOT NULL,
	"language" text,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"notes" text,
	"stage" "stage" NOT NULL,
	"by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultations_minutes_range" CHECK ("consultations"."minutes" BETWEEN 1 AND 600)
);
--> statement-breakpoint
CREATE TABLE "group_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"role" text,
	"since" date,
	"until" date,
	"consent_at" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_contacts_dates" CHECK ("group_contacts"."until" IS NULL OR "group_contacts"."since" IS NULL OR "group_contacts"."until" >= "group_contacts"."since")
);
--> statement-breakpoint
CREATE TABLE "group_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"from_stage" "stage",
	"to_stage" "stage" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "group_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"from_status" "group_status" NOT NULL,
	"to_status" "group_status" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"legal_form" "legal_form",
	"district" text,
	"target_groups" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"planned_homes" integer,
	"lifecycle" "lifecycle" DEFAULT 'initiative' NOT NULL,
	"stage" "stage" DEFAULT 'orientation' NOT NULL,
	"stage_since" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "group_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_planned_homes_positive" CHECK ("groups"."planned_homes" IS NULL OR "groups"."planned_homes" > 0)
);
--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_contacts" ADD CONSTRAINT "group_contacts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_stage_changes" ADD CONSTRAINT "group_stage_changes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_stage_changes" ADD CONSTRAINT "group_stage_changes_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_status_changes" ADD CONSTRAINT "group_status_changes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_status_changes" ADD CONSTRAINT "group_status_changes_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultations_group_idx" ON "consultations" USING btree ("group_id","date","created_at");--> statement-breakpoint
CREATE INDEX "group_contacts_group_idx" ON "group_contacts" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "group_stage_changes_group_idx" ON "group_stage_changes" USING btree ("group_id","at");--> statement-breakpoint
CREATE INDEX "group_status_changes_group_idx" ON "group_status_changes" USING btree ("group_id","at");--> statement-breakpoint
CREATE INDEX "groups_updated_idx" ON "groups" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "groups_stage_updated_idx" ON "groups" USING btree ("stage","updated_at","id");--> statement-breakpoint
CREATE INDEX "groups_status_updated_idx" ON "groups" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "groups_district_updated_idx" ON "groups" USING btree ("district","updated_at","id");--> statement-breakpoint
CREATE INDEX "groups_target_groups_idx" ON "groups" USING gin ("target_groups");