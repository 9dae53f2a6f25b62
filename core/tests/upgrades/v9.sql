-- Version 9: key rights. A raw insert would be an unsealed audit entry (see v5.sql),
-- so the audit trigger is lifted for the fixture; the upgrade puts it back. The
-- bunches and holders stay open to everyone, as the test checks of every version.
DROP TRIGGER audit_key_access_group_insert;
INSERT INTO key_access_group (name, keys_due_by) VALUES ('education', '20:30');
