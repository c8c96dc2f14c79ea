-- Opening hours belong to an offer's contact data (the referral handout names them).
ALTER TABLE "offers" ADD COLUMN "contact_opening_hours" text;--> statement-breakpoint
-- GET /api/referrals?followUpFrom=&followUpTo= over every outcome, soonest first, keyset-paged by
-- (follow_up_on, created_at, id); with outcome=pending the partial referrals_due_idx serves it.
CREATE INDEX "referrals_follow_up_idx" ON "referrals" USING btree ("follow_up_on","created_at","id");
