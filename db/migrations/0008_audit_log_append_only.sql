-- The audit trail is append-only: the database itself refuses to change or delete a line, whoever writes.
-- Databases opened before this migration already have these triggers (they were created at open), hence IF NOT EXISTS.
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
