-- For writes that insert their audit row in the same statement as the change (hour logging, issue 13;
-- hand-written). The app redacts the audit snapshot in Node (plugins/app/audit/audit-personal-data.ts) before the
-- statement runs, with placeholders where the database fills in a value (a created_at, a grant's minutes after
-- the update). This fills them in — but only at keys the redacted template kept: a field the redaction removed
-- as personal stays removed, whatever the statement knows about it. Objects are filled key by key, recursively.
CREATE FUNCTION audit_fill(template jsonb, filled jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
BEGIN
  IF jsonb_typeof(template) IS DISTINCT FROM 'object' OR jsonb_typeof(filled) IS DISTINCT FROM 'object' THEN
    RETURN template;
  END IF;
  RETURN (
    SELECT coalesce(jsonb_object_agg(t.key, CASE
             WHEN NOT filled ? t.key THEN t.value
             WHEN jsonb_typeof(t.value) = 'object' THEN public.audit_fill(t.value, filled -> t.key)
             ELSE filled -> t.key
           END), '{}'::jsonb)
      FROM jsonb_each(template) AS t
  );
END;
$$;
