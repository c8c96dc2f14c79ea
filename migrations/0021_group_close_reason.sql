-- Why a group was closed, as a code the council report can count (issue 11: "groups closed and why"), beside
-- the free-text reason that stays required. Closings recorded before this migration keep no code: the report
-- shows them as "not stated" rather than guessing a cause from their text.
CREATE TYPE "public"."group_close_reason" AS ENUM('realised', 'dissolved', 'joined_other_project', 'no_contact', 'out_of_scope', 'other');
--> statement-breakpoint
ALTER TABLE "group_status_changes" ADD COLUMN "close_reason" "group_close_reason";
--> statement-breakpoint
-- Only a closing has a cause. (That every new closing has one is the API's rule: old rows have none.)
ALTER TABLE "group_status_changes" ADD CONSTRAINT "group_status_changes_close_reason_only_closing" CHECK ("group_status_changes"."close_reason" IS NULL OR "group_status_changes"."to_status" = 'closed');
--> statement-breakpoint
-- The report counts the closings of a period: a small partial index in time order.
CREATE INDEX "group_status_changes_closed_at_idx" ON "group_status_changes" USING btree ("at") WHERE "group_status_changes"."to_status" = 'closed';
