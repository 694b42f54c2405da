-- The audit log is append-only: TRUNCATE is refused too (row triggers do not fire on TRUNCATE).
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
