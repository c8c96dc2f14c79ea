-- The API keeps the result of its per-request session check in memory (plugins/app/auth/session-cache.ts). So
-- that a logout, a revoked session, a deactivation or a role change still takes effect on the next request, every
-- change to what that check reads tells the API processes at commit: NOTIFY on channel `wohnlotse_sessions` with
-- the user's id as payload ('*' for everyone). Each process LISTENs on a connection of its own and evicts the
-- user; while that connection is down it keeps nothing. Any change of a users row counts, not only the columns
-- the check reads today, so a column added to it later cannot be forgotten here. A new session (INSERT) ends
-- nothing, so it is not told. PostgreSQL folds equal payloads within one transaction into one notification.
CREATE FUNCTION session_cache_notify() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('wohnlotse_sessions', '*');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('wohnlotse_sessions', OLD.id::text);
    IF TG_OP = 'UPDATE' AND NEW.id <> OLD.id THEN PERFORM pg_notify('wohnlotse_sessions', NEW.id::text); END IF;
  ELSE
    PERFORM pg_notify('wohnlotse_sessions', OLD.user_id::text);
    IF TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id THEN PERFORM pg_notify('wohnlotse_sessions', NEW.user_id::text); END IF;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_session_cache_notify AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION session_cache_notify();
--> statement-breakpoint
CREATE TRIGGER users_session_cache_notify_truncate AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION session_cache_notify();
--> statement-breakpoint
CREATE TRIGGER sessions_session_cache_notify AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION session_cache_notify();
--> statement-breakpoint
CREATE TRIGGER sessions_session_cache_notify_truncate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION session_cache_notify();
