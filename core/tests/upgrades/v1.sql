-- A case file as OMU Desk left it at schema version 1: settings, staff, a prisoner
-- and a contact, each written through the audit triggers under one actor.
INSERT INTO audit_actor (id, name) VALUES (1, 'Ann Older');
INSERT INTO setting (key, value) VALUES ('establishment_name', 'HMP Oldfield');
INSERT INTO staff (id, name, role) VALUES (1, 'Ann Older', 'offender_supervisor');
INSERT INTO prisoner (id, prison_number, surname, forenames, date_of_birth, reception_date, sentence_type,
    sentence_years, sentence_date, rosh, reoffending_likelihood, allocated_supervisor_id, first_language,
    search_terms)
VALUES (1, 'A1234BC', 'Ó''Súilleabháin', 'Seán', '1988-02-29', '2020-03-01', 'determinate', 6, '2020-02-20',
    'high', 'medium', 1, 'Irish', 'a1234bc osuilleabhain o suilleabhain sean');
INSERT INTO contact (id, prisoner_id, contact_date, contact_type, staff_name, notes)
VALUES (1, 1, '2020-03-02', 'face_to_face', 'Ann Older', 'First meeting after reception.');
