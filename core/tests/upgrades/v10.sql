-- Version 10: release dates, parole reviews and deadline warnings. Raw writes would
-- be unsealed audit entries (see v5.sql), so the audit triggers are lifted for the
-- fixture; the upgrade puts them back. The warnings table came filled.
DROP TRIGGER audit_prisoner_update;
DROP TRIGGER audit_parole_review_insert;
UPDATE prisoner SET hdc_eligibility_date = '2022-06-01', rotl_eligibility_date = '2022-09-01',
    recategorisation_due_date = '2021-08-01', security_category = 'C'
WHERE id = 1;
INSERT INTO parole_review (prisoner_id, review_type, opened_on, target_hearing_date, report_due_date,
    report_writer, status)
VALUES (1, 'other', '2021-01-10', '2021-07-01', '2021-05-01', 'Ann Older', 'active');
