-- Hour logging holds its grant's row lock from the grant's UPDATE to the commit (issue 13, hand-written). The
-- entry's INSERT runs inside that window, and the row trigger `time_entries_open_billing_month` (migration 0018)
-- ran its PL/pgSQL function for every new entry although a new entry never has a billing month: about 0.07 ms
-- of the roughly 0.8 ms the statement spends after the grant's UPDATE. The same trigger, fired only when there
-- is a billing month to check (the function refuses nothing otherwise), is the same rule at no cost on insert.
DROP TRIGGER "time_entries_open_billing_month" ON "time_entries";
--> statement-breakpoint
CREATE TRIGGER "time_entries_open_billing_month"
  BEFORE INSERT OR UPDATE OF billing_month ON "time_entries"
  FOR EACH ROW
  WHEN (NEW.billing_month IS NOT NULL AND NEW.statement_id IS NULL)
  EXECUTE FUNCTION time_entries_refuse_finalised_month();
