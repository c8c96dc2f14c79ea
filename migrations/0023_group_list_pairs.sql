-- The group list at 100,000 groups (issue 13): every pair of its equality filters (stage, status, district) gets an
-- index in list order, so a first page and a deep cursor page (row form, (updated_at, id) < (…)) walk only
-- matching rows from the cursor on. Before, stage + district and status + district walked the district index and
-- fetched every row of the district to test the other filter (stage + status + district keeps its own index).
CREATE INDEX "groups_stage_status_updated_idx" ON "groups" USING btree ("stage","status","updated_at","id");
--> statement-breakpoint
CREATE INDEX "groups_stage_district_updated_idx" ON "groups" USING btree ("stage","district","updated_at","id");
--> statement-breakpoint
CREATE INDEX "groups_status_district_updated_idx" ON "groups" USING btree ("status","district","updated_at","id");
