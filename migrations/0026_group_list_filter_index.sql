-- The group list at 100,000 groups (issue 13): a search combined with a target group (and any other filter).
--
-- Before, such a list intersected two or three indexes (the trigram index, the target-group index, a btree of the
-- equality filters): the trigram index alone handed over every group the search matches (12,500 of 100,000 for
-- 'garten' in the bench) before the intersection kept 100. One GIN index over the search text and the filter
-- columns intersects inside the index, so only the groups that match every filter reach the table.
-- btree_gin (a trusted extension, like pg_trgm) lets GIN index the plain columns. A multicolumn GIN index serves
-- any subset of its columns, so it also replaces the trigram index (the search alone, the stage counts under a
-- search) and the target-group index.
-- fastupdate off: groups change a few times a day, and a pending list would make every list scan read it as well.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX "groups_list_filter_idx" ON "groups" USING gin (
  (name || ' ' || coalesce(description, '')) gin_trgm_ops, target_groups, stage, status, district
) WITH (fastupdate = off);
--> statement-breakpoint
DROP INDEX "groups_search_idx";
--> statement-breakpoint
DROP INDEX "groups_target_groups_idx";
