-- The group list at 100,000 groups (issue 13): a target group had no index in list order, so a page filtered by one
-- walked groups_updated_idx and tested every group on the way. With a search as well ('garten' and 'families': 595 of
-- 100,000 groups) that was 8,500 to 10,400 groups read for 51 rows; PostgreSQL prices that walk below the GIN bitmap
-- because it counts a row's filter (array containment, ILIKE) as almost free.
-- One partial index per target group, in list order: a page with a target group walks only that target group's
-- groups (611 read for the search above). Stage, status and district follow as key columns, so the walk tests them
-- inside the index and reads from the table only the groups that pass (51 for a page without a search, whatever
-- the other filters).
-- One index per value, because a btree cannot order by an array element. The target groups are a fixed reference
-- list (TARGET_GROUPS in packages/shared); test/groups-list-index.test.ts fails while a value has no index here.
-- A group sits only in the indexes of its own target groups. Only a plan made with the value can use them: the
-- repository plans every list page with a target group per request (unnamed statement).
CREATE INDEX "groups_target_seniors_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{seniors}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_families_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{families}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_single_parents_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{single_parents}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_young_adults_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{young_adults}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_students_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{students}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_multi_generation_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{multi_generation}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_inclusive_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{inclusive}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_displacement_risk_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{displacement_risk}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_low_income_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{low_income}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_refugees_migrants_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{refugees_migrants}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_women_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{women}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_lgbtiq_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{lgbtiq}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_creative_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{creative}'::text[];
--> statement-breakpoint
CREATE INDEX "groups_target_ecological_updated_idx" ON "groups" USING btree ("updated_at","id","stage","status","district") WHERE "target_groups" @> '{ecological}'::text[];
