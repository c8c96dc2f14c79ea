-- Billed time entries are what the city paid: the database refuses to change or remove them.
CREATE FUNCTION time_entries_refuse_billed_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.statement_id IS NOT NULL THEN
    RAISE EXCEPTION 'time entry % is billed and cannot change', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER time_entries_billed_immutable
  BEFORE UPDATE OR DELETE ON time_entries
  FOR EACH ROW EXECUTE FUNCTION time_entries_refuse_billed_change();
--> statement-breakpoint
-- A finalised statement is a record of payment, like the audit trail.
CREATE FUNCTION statements_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'statements are final: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statements_immutable
  BEFORE UPDATE OR DELETE ON statements
  FOR EACH ROW EXECUTE FUNCTION statements_refuse_change();
--> statement-breakpoint
-- "Fachberatung für 10h": the default size of a grant, changeable in the settings.
INSERT INTO settings (key, value) VALUES ('default_grant_minutes', 600);
