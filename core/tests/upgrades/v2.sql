-- Version 2: an induction checklist on the shipped template, one item done.
INSERT INTO induction_checklist (id, prisoner_id, template_id, received_at, started_at, started_by)
VALUES (1, 1, 1, '2020-03-01T10:00:00Z', '2020-03-01T10:05:00Z', 'Ann Older');
INSERT INTO induction_item (checklist_id, template_item_id, due_at, status, done_by, done_at, outcome_notes)
SELECT 1, id, '2020-03-01T23:59:00Z', 'open', NULL, NULL, '' FROM induction_template_item WHERE template_id = 1;
UPDATE induction_item SET status = 'completed', done_by = 'Ann Older', done_at = '2020-03-01T11:00:00Z',
    outcome_notes = 'Seen by healthcare.'
WHERE checklist_id = 1 AND template_item_id = (SELECT id FROM induction_template_item WHERE position = 3);
