-- Keyset indexes for GET /api/grants: every list filter ends in (created_at, id), so a page starts at its cursor.
DROP INDEX "grants_group_idx";--> statement-breakpoint
DROP INDEX "grants_advisor_idx";--> statement-breakpoint
DROP INDEX "grants_contract_idx";--> statement-breakpoint
DROP INDEX "grants_status_idx";--> statement-breakpoint
CREATE INDEX "grants_created_idx" ON "grants" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "grants_advisor_created_idx" ON "grants" USING btree ("advisor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "grants_group_idx" ON "grants" USING btree ("group_id","created_at","id");--> statement-breakpoint
CREATE INDEX "grants_advisor_idx" ON "grants" USING btree ("advisor_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "grants_contract_idx" ON "grants" USING btree ("contract_id","created_at","id");--> statement-breakpoint
CREATE INDEX "grants_status_idx" ON "grants" USING btree ("status","created_at","id");