-- The group list and its stage counts at 100,000 groups (issue 13).
--
-- A list filtered by stage, district and status walks this index from its cursor in list order; the keyset
-- condition is written in row form, (updated_at, id) < (…), which an index scan can start at.
CREATE INDEX "groups_stage_district_status_updated_idx" ON "groups" USING btree ("stage","district","status","updated_at","id");
--> statement-breakpoint
-- The counts per stage beside the list, kept per (stage, status, district) by trigger, so the counts under no
-- filter or a status/district filter read at most 3 × 3 × 20 rows instead of the whole table. Exact: changed in the
-- same transaction as the group. Counts under a search or a target group are still counted from `groups`.
-- A district of NULL is kept as ''.
CREATE TABLE "group_stage_counts" (
	"stage" "stage" NOT NULL,
	"status" "group_status" NOT NULL,
	"district" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "group_stage_counts_pkey" PRIMARY KEY ("stage","status","district"),
	CONSTRAINT "group_stage_counts_non_negative" CHECK ("group_stage_counts"."n" >= 0)
);
--> statement-breakpoint
-- SECURITY DEFINER, run as the owner: the app role may only read the counts, so they cannot drift from the rows.
-- Two rows change when a group moves; they are locked in key order, so two groups moving in opposite directions at
-- once cannot deadlock. Creating groups of the same stage, status and district waits on that one row until commit:
-- groups are opened a few times a day, not per second.
CREATE FUNCTION group_stage_counts_track() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  old_key record;
  new_key record;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM group_stage_counts;
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN old_key := ROW(OLD.stage, OLD.status, coalesce(OLD.district, '')); END IF;
  IF TG_OP <> 'DELETE' THEN new_key := ROW(NEW.stage, NEW.status, coalesce(NEW.district, '')); END IF;
  IF TG_OP = 'UPDATE' AND old_key > new_key THEN
    PERFORM group_stage_counts_add(new_key.f1, new_key.f2, new_key.f3, 1);
    PERFORM group_stage_counts_add(old_key.f1, old_key.f2, old_key.f3, -1);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM group_stage_counts_add(old_key.f1, old_key.f2, old_key.f3, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM group_stage_counts_add(new_key.f1, new_key.f2, new_key.f3, 1); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A decrement is a plain UPDATE: an INSERT … ON CONFLICT checks its proposed row (n = -1) before the conflict.
CREATE FUNCTION group_stage_counts_add(p_stage stage, p_status group_status, p_district text, p_delta integer) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF p_delta < 0 THEN
    UPDATE group_stage_counts SET n = n + p_delta WHERE stage = p_stage AND status = p_status AND district = p_district;
  ELSE
    INSERT INTO group_stage_counts AS c (stage, status, district, n) VALUES (p_stage, p_status, p_district, p_delta)
    ON CONFLICT (stage, status, district) DO UPDATE SET n = c.n + p_delta;
  END IF;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION group_stage_counts_track() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION group_stage_counts_add(stage, group_status, text, integer) FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER groups_stage_counts_insert_delete
  AFTER INSERT OR DELETE ON groups
  FOR EACH ROW EXECUTE FUNCTION group_stage_counts_track();
--> statement-breakpoint
CREATE TRIGGER groups_stage_counts_update
  AFTER UPDATE OF stage, status, district ON groups
  FOR EACH ROW
  WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.status IS DISTINCT FROM NEW.status OR OLD.district IS DISTINCT FROM NEW.district)
  EXECUTE FUNCTION group_stage_counts_track();
--> statement-breakpoint
CREATE TRIGGER groups_stage_counts_truncate
  AFTER TRUNCATE ON groups
  FOR EACH STATEMENT EXECUTE FUNCTION group_stage_counts_track();
--> statement-breakpoint
INSERT INTO group_stage_counts (stage, status, district, n)
SELECT stage, status, coalesce(district, ''), count(*) FROM groups GROUP BY 1, 2, 3;
