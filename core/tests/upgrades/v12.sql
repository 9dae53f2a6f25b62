-- Version 12: a bunch issued and returned late, recorded as that version did, with
-- no due time on the return. A raw insert would be an unsealed audit entry (see
-- v5.sql), so the audit trigger is lifted for the fixture; the upgrade puts it back.
DROP TRIGGER audit_key_movement_insert;
INSERT INTO key_movement (bunch_id, kind, holder_id, at, due_back, recorded_by)
VALUES (1, 'issue', 1, '2021-03-05T08:00:00Z', '2021-03-05T17:00:00Z', 'Gate officer');
INSERT INTO key_movement (bunch_id, kind, at, recorded_by) VALUES (1, 'return', '2021-03-05T18:30:00Z', 'Gate officer');
