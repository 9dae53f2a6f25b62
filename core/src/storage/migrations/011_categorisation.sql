-- Categorisation decisions, kept as history: each review's category, the day it was
-- decided, the reason given, and when the category is next reviewed. The newest
-- decision is the prisoner's category; recording one sets the record's category and
-- its recategorisation due date in the same transaction.
CREATE TABLE category_decision (
    id              INTEGER PRIMARY KEY,
    prisoner_id     INTEGER NOT NULL REFERENCES prisoner (id),
    category        TEXT NOT NULL REFERENCES security_category (code),
    decided_on      TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    -- A review is due after the decision it follows, never on the same day.
    next_review_due TEXT CHECK (next_review_due IS NULL OR next_review_due > decided_on)
);
CREATE INDEX category_decision_by_prisoner ON category_decision (prisoner_id, decided_on);

-- A decision stands as it was made: a mistaken one is answered by recording the
-- right one. Only an erasure past retention removes them, with the whole record.
CREATE TRIGGER category_decision_is_history_update BEFORE UPDATE ON category_decision
BEGIN
    SELECT RAISE(ABORT, 'a categorisation decision is history: record a new decision instead');
END;
CREATE TRIGGER category_decision_is_history_delete BEFORE DELETE ON category_decision
WHEN NOT (SELECT erasing FROM audit_actor WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'a categorisation decision is history: record a new decision instead');
END;
-- Decisions are kept in the order they were made, so the newest is the category.
CREATE TRIGGER category_decision_in_order BEFORE INSERT ON category_decision
WHEN NEW.decided_on < (SELECT max(decided_on) FROM category_decision WHERE prisoner_id = NEW.prisoner_id)
BEGIN
    SELECT RAISE(ABORT, 'a categorisation decision cannot be dated before the last one recorded');
END;

-- An erasure past retention removes the whole record, agreed plans and the meetings
-- that agreed them included; until now their guards refused it. Only the erasure
-- (which flags itself on the connection, inside its own transaction) gets past them.
DROP TRIGGER plan_version_closed_delete;
CREATE TRIGGER plan_version_closed_delete BEFORE DELETE ON plan_version
WHEN OLD.status = 'closed' AND NOT (SELECT erasing FROM audit_actor WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be deleted');
END;
DROP TRIGGER objective_closed_delete;
CREATE TRIGGER objective_closed_delete BEFORE DELETE ON objective
WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) = 'closed'
    AND NOT (SELECT erasing FROM audit_actor WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be changed: start a new version');
END;
DROP TRIGGER planning_meeting_closed_delete;
CREATE TRIGGER planning_meeting_closed_delete BEFORE DELETE ON planning_meeting
WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) = 'closed'
    AND NOT (SELECT erasing FROM audit_actor WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'the meeting that agreed a closed plan cannot be changed');
END;
DROP TRIGGER meeting_attendee_closed_change;
CREATE TRIGGER meeting_attendee_closed_change BEFORE DELETE ON meeting_attendee
WHEN (SELECT p.status FROM planning_meeting m JOIN plan_version p ON p.id = m.plan_version_id
      WHERE m.id = OLD.meeting_id) = 'closed'
    AND NOT (SELECT erasing FROM audit_actor WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'the meeting that agreed a closed plan cannot be changed');
END;
