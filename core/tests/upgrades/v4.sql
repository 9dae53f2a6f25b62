-- Version 4: a bunch, a tally holder, an issue and its return, a corrected issue, a
-- closed incident and a visitor.
INSERT INTO key_bunch (id, hook, description, key_count) VALUES (1, 12, 'A wing landings', 7);
INSERT INTO tally_holder (id, name, role, tally, risk_assessed_on, key_talk_on, chain_and_pouch)
VALUES (1, 'Officer Jones', 'Prison officer', 12, '2020-01-10', '2020-01-10', 1);
INSERT INTO key_movement (bunch_id, kind, holder_id, at, due_back, recorded_by)
VALUES (1, 'issue', 1, '2020-03-02T08:00:00Z', '2020-03-02T17:00:00Z', 'Gate officer');
INSERT INTO key_movement (bunch_id, kind, at, recorded_by) VALUES (1, 'return', '2020-03-02T16:30:00Z', 'Gate officer');
INSERT INTO key_movement (bunch_id, kind, holder_id, at, due_back, recorded_by)
VALUES (1, 'issue', 1, '2020-03-03T08:00:00Z', '2020-03-03T17:00:00Z', 'Gate officer');
INSERT INTO key_movement (bunch_id, kind, at, recorded_by, corrects, reason)
VALUES (1, 'correction', '2020-03-03T08:05:00Z', 'Gate officer', 3, 'Wrong bunch taken down');
INSERT INTO key_incident (kind, bunch_id, keys_affected, reported_by, reported_at, last_holder, explanation,
    reported_to, closed_at, closed_by, closure_notes)
VALUES ('damaged', 1, 'Cell key 4', 'Officer Jones', '2020-03-02T16:35:00Z', 'Officer Jones (tally 12)',
    'Bent in the lock.', 'security_manager', '2020-03-04T09:00:00Z', 'Security manager', 'Key replaced.');
INSERT INTO key_visitor (name, organisation, purpose, escorted_by, signed_in_at, signed_out_at)
VALUES ('Pat Visitor', 'Gas Board', 'Boiler service', 'Officer Jones', '2020-03-02T09:00:00Z',
    '2020-03-02T11:00:00Z');
