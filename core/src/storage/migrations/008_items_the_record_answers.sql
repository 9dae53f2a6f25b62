-- Version 8: an induction item the prisoner's record answers.
--
-- "Offender supervisor allocated" is done by itself once the record has a supervisor:
-- the record and the checklist are one truth. A published procedure that checklists
-- follow never changes, so a file using that item as first issued gets the next
-- version of its procedure with the item asking that question; checklists under way
-- keep the version they started with. A procedure no checklist follows yet (a new
-- file) is put right where it is. While the establishment has a draft of its own,
-- nothing is done: the question can be chosen there.
INSERT INTO audit_actor (id, name) VALUES (1, 'OMU Desk (upgrade to version 8)')
    ON CONFLICT (id) DO UPDATE SET name = excluded.name;

CREATE TEMP TABLE upgrade_8 AS
SELECT t.id AS published_id, (SELECT max(version) FROM induction_template) + 1 AS next_version,
       EXISTS (SELECT 1 FROM induction_checklist c WHERE c.template_id = t.id) AS in_use
FROM induction_template t
WHERE t.status = 'published'
  AND NOT EXISTS (SELECT 1 FROM induction_template WHERE status = 'draft')
  AND EXISTS (
      SELECT 1 FROM induction_template_item i
      WHERE i.template_id = t.id AND i.title = 'Offender supervisor allocated'
        AND i.question = 'none' AND i.retired = 0);

-- Not yet followed: corrected in place, opened as a draft for the moment it takes.
UPDATE induction_template SET status = 'draft' WHERE id IN (SELECT published_id FROM upgrade_8 WHERE NOT in_use);
UPDATE induction_template_item
SET question = 'supervisor_allocated',
    guidance = 'Allocate a supervisor on the record, taking workload into account: this item is then done by itself.'
WHERE template_id IN (SELECT published_id FROM upgrade_8 WHERE NOT in_use)
  AND title = 'Offender supervisor allocated' AND question = 'none';
UPDATE induction_template SET status = 'published' WHERE id IN (SELECT published_id FROM upgrade_8 WHERE NOT in_use);
DELETE FROM upgrade_8 WHERE NOT in_use;

INSERT INTO induction_template (version, status, last_reviewed)
SELECT u.next_version, 'draft', t.last_reviewed
FROM upgrade_8 u JOIN induction_template t ON t.id = u.published_id;

INSERT INTO induction_template_item
    (template_id, position, title, guidance, role, mandatory, due_kind, due_amount, question, retired)
SELECT d.id, i.position, i.title,
       CASE WHEN i.title = 'Offender supervisor allocated' AND i.question = 'none'
            THEN 'Allocate a supervisor on the record, taking workload into account: this item is then done by itself.'
            ELSE i.guidance END,
       i.role, i.mandatory, i.due_kind, i.due_amount,
       CASE WHEN i.title = 'Offender supervisor allocated' AND i.question = 'none'
            THEN 'supervisor_allocated' ELSE i.question END,
       i.retired
FROM upgrade_8 u
JOIN induction_template d ON d.version = u.next_version
JOIN induction_template_item i ON i.template_id = u.published_id
ORDER BY i.position;

UPDATE induction_template SET status = 'superseded' WHERE id IN (SELECT published_id FROM upgrade_8);
UPDATE induction_template
SET status = 'published', published_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    published_by = 'OMU Desk (upgrade to version 8)'
WHERE version IN (SELECT next_version FROM upgrade_8);

-- Checklists already under way keep their version, but the item the record already
-- answers is done now, by the upgrade, with what the record says.
UPDATE induction_item
SET status = 'completed',
    done_by = 'OMU Desk (upgrade to version 8)',
    done_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    outcome_notes = 'Allocated on the record to ' || (
        SELECT s.name FROM induction_checklist c
        JOIN prisoner p ON p.id = c.prisoner_id
        JOIN staff s ON s.id = p.allocated_supervisor_id
        WHERE c.id = induction_item.checklist_id)
WHERE status = 'open'
  AND template_item_id IN (
      SELECT id FROM induction_template_item WHERE title = 'Offender supervisor allocated' AND retired = 0)
  AND EXISTS (
      SELECT 1 FROM induction_checklist c
      JOIN prisoner p ON p.id = c.prisoner_id
      JOIN staff s ON s.id = p.allocated_supervisor_id
      WHERE c.id = induction_item.checklist_id);

DROP TABLE upgrade_8;
