-- Search over group names and descriptions with ILIKE '%…%': a trigram index serves it.
-- pg_trgm is a trusted extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX groups_search_idx ON groups USING gin ((name || ' ' || coalesce(description, '')) gin_trgm_ops);
