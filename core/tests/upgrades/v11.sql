-- Version 11: categorisation decisions. Raw writes would be unsealed audit entries
-- (see v5.sql), so the audit trigger is lifted for the fixture; the upgrade puts it
-- back.
DROP TRIGGER audit_category_decision_insert;
INSERT INTO category_decision (prisoner_id, category, decided_on, reason, next_review_due)
VALUES (1, 'C', '2021-02-01', 'Settled on the wing, no adjudications', '2021-08-01');
