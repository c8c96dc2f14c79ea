-- GET /api/inquiries?q= searches name, contact and notes with ILIKE '%…%': a trigram index serves it
-- (pg_trgm was created in 0003_groups_search). Offers need none: they are a short list.
CREATE INDEX inquiries_search_idx ON inquiries
  USING gin ((coalesce(name, '') || ' ' || coalesce(contact, '') || ' ' || coalesce(notes, '')) gin_trgm_ops);
