CREATE TYPE "public"."inquiry_channel" AS ENUM('phone', 'email', 'walk_in', 'event', 'web');--> statement-breakpoint
CREATE TYPE "public"."inquiry_status" AS ENUM('open', 'referred', 'converted', 'closed');--> statement-breakpoint
CREATE TYPE "public"."referral_outcome" AS ENUM('pending', 'contacted', 'helped', 'not_helped', 'unreachable');--> statement-breakpoint
CREATE TABLE "inquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" "inquiry_channel" NOT NULL,
	"name" text,
	"contact" text,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"target_groups" text[] DEFAULT '{}' NOT NULL,
	"language" text,
	"notes" text,
	"status" "inquiry_status" DEFAULT 'open' NOT NULL,
	"close_reason" text,
	"closed_at" timestamp with time zone,
	"group_id" uuid,
	"converted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inquiries_closed" CHECK (("inquiries"."status" = 'closed') = ("inquiries"."close_reason" IS NOT NULL AND "inquiries"."closed_at" IS NOT NULL)),
	CONSTRAINT "inquiries_converted" CHECK (("inquiries"."status" = 'converted') = ("inquiries"."group_id" IS NOT NULL AND "inquiries"."converted_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"organisation" text,
	"description" text,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"target_groups" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"contact_phone" text,
	"contact_email" text,
	"contact_url" text,
	"contact_address" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inquiry_id" uuid,
	"group_id" uuid,
	"offer_id" uuid NOT NULL,
	"reason" text,
	"consent_to_share" boolean NOT NULL,
	"follow_up_on" date NOT NULL,
	"outcome" "referral_outcome" DEFAULT 'pending' NOT NULL,
	"outcome_note" text,
	"outcome_at" timestamp with time zone,
	"outcome_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referrals_one_subject" CHECK (num_nonnulls("referrals"."inquiry_id", "referrals"."group_id") = 1),
	CONSTRAINT "referrals_outcome_recorded" CHECK (("referrals"."outcome" = 'pending') = ("referrals"."outcome_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_inquiry_id_inquiries_id_fk" FOREIGN KEY ("inquiry_id") REFERENCES "public"."inquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_outcome_by_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inquiries_received_idx" ON "inquiries" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "inquiries_status_received_idx" ON "inquiries" USING btree ("status","received_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "inquiries_group_key" ON "inquiries" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_name_key" ON "offers" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "offers_active_name_idx" ON "offers" USING btree ("active","name");--> statement-breakpoint
CREATE INDEX "referrals_created_idx" ON "referrals" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "referrals_offer_created_idx" ON "referrals" USING btree ("offer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "referrals_outcome_created_idx" ON "referrals" USING btree ("outcome","created_at","id");--> statement-breakpoint
CREATE INDEX "referrals_due_idx" ON "referrals" USING btree ("follow_up_on","created_at","id") WHERE "referrals"."outcome" = 'pending';--> statement-breakpoint
CREATE INDEX "referrals_inquiry_idx" ON "referrals" USING btree ("inquiry_id","created_at");--> statement-breakpoint
CREATE INDEX "referrals_group_idx" ON "referrals" USING btree ("group_id","created_at");