-- Version 5: the people who may sign in. OMU Desk adds a user in the same transaction
-- as the sealed audit entry of it; a raw insert here would be an unsealed entry
-- (which the check rightly reports as written outside OMU Desk), so the audit
-- trigger is lifted for the fixture. The upgrade to the next version puts every
-- audit trigger back.
DROP TRIGGER audit_app_user_insert;
INSERT INTO app_user (name, role, added_at) VALUES ('Ann Older', 'administrator', '2021-01-01T09:00:00Z');
INSERT INTO app_user (name, role, added_at, removed_at)
VALUES ('Bob Left', 'supervisor', '2021-01-01T09:00:00Z', '2021-06-01T09:00:00Z');
