-- Version 3: an agreed plan with an objective, the board that agreed it and who took
-- part, a key worker and a significant change.
INSERT INTO plan_version (id, prisoner_id, number, kind, status, started_on)
VALUES (1, 1, 1, 'initial', 'draft', '2020-03-10');
INSERT INTO objective (id, plan_version_id, position, text, pathway, intervention_id, intervention_state,
    responsible_role, target_date, status, status_changed_on, agreement)
VALUES (1, 1, 1, 'Complete the Thinking Skills Programme', '7',
    (SELECT id FROM intervention WHERE name LIKE 'Thinking Skills%'), 'waiting', 'psychology', '2021-03-10',
    'not_started', '2020-03-10', 'agreed');
INSERT INTO planning_meeting (id, prisoner_id, plan_version_id, meeting_date, meeting_time, chair, held,
    prisoner_attended, prisoner_views, decisions, next_review_date)
VALUES (1, 1, 1, '2020-03-20', '10:00', 'Ann Older', 1, 1, 'Wants to start soon.', 'Plan agreed.', '2020-09-20');
INSERT INTO meeting_attendee (meeting_id, position, name, role, participation)
VALUES (1, 1, 'Helen Carter', 'Offender manager', 'video_link');
UPDATE plan_version SET status = 'closed', closed_on = '2020-03-20', closed_by = 'Ann Older',
    next_review_date = '2020-09-20' WHERE id = 1;
INSERT INTO keyworker (prisoner_id, name, role) VALUES (1, 'Sam Okoye', 'CARATS worker');
INSERT INTO significant_change (prisoner_id, changed_on, description) VALUES (1, '2020-06-01', 'New charge');
