-- Version 3: sentence planning.
--
-- Plan versions with objectives by resettlement pathway; the interventions
-- catalogue (including ones this establishment does not offer, so need is recorded
-- rather than masked); planning meetings with who took part; the prisoner's known
-- key workers; and significant changes that bring an OASys review forward.
-- A closed plan version, its objectives and the meeting that produced it can never
-- change (triggers below).

CREATE TABLE intervention (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL
        CHECK (kind IN ('accredited_programme', 'education', 'work', 'treatment', 'other')),
    pathway            TEXT NOT NULL CHECK (pathway IN ('1', '2', '3', '4', '5', '6', '7', '8')),
    offered            INTEGER NOT NULL CHECK (offered IN (0, 1)),
    waiting_list_notes TEXT NOT NULL DEFAULT '',
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

INSERT INTO intervention (name, kind, pathway, offered, waiting_list_notes) VALUES
    ('Thinking Skills Programme (TSP)', 'accredited_programme', '7', 1, 'Two groups a year; next starts in March.'),
    ('Enhanced Thinking Skills (ETS)', 'accredited_programme', '7', 0, ''),
    ('Aggression Replacement Training (ART)', 'accredited_programme', '7', 0, 'Not run here: needs transfer.'),
    ('Controlling Anger and Learning to Manage it (CALM)', 'accredited_programme', '7', 0, ''),
    ('Healthy Relationships Programme (HRP)', 'accredited_programme', '6', 0, ''),
    ('Sex offender treatment programme (SOTP / Horizon)', 'accredited_programme', '7', 0, 'Category C training prisons only.'),
    ('Sycamore Tree (victim awareness)', 'accredited_programme', '8', 1, 'Run by the chaplaincy twice a year.'),
    ('Victim awareness workshop', 'other', '8', 1, ''),
    ('FOCUS substance misuse programme', 'accredited_programme', '4', 1, ''),
    ('Prisons Addressing Substance Related Offending (P-ASRO)', 'accredited_programme', '4', 0, ''),
    ('Alcohol-related violence (ARV)', 'accredited_programme', '4', 0, ''),
    ('CARATS assessment and one-to-one work', 'treatment', '4', 1, ''),
    ('Opiate substitution (clinical)', 'treatment', '4', 1, ''),
    ('Literacy (English functional skills)', 'education', '2', 1, ''),
    ('Numeracy (maths functional skills)', 'education', '2', 1, ''),
    ('ESOL (English for speakers of other languages)', 'education', '2', 1, ''),
    ('Painting and decorating NVQ', 'education', '2', 1, '12-week waiting list.'),
    ('Kitchens: food hygiene certificate', 'work', '2', 1, ''),
    ('Construction skills (CSCS card)', 'education', '2', 0, ''),
    ('Mental health in-reach', 'treatment', '3', 1, ''),
    ('Stop smoking service', 'treatment', '3', 1, ''),
    ('Housing advice (resettlement)', 'other', '1', 1, ''),
    ('Money management and debt advice', 'other', '5', 1, ''),
    ('Parenting course', 'education', '6', 0, ''),
    ('Family visits and family days', 'other', '6', 1, '');

CREATE TABLE plan_version (
    id               INTEGER PRIMARY KEY,
    prisoner_id      INTEGER NOT NULL REFERENCES prisoner (id),
    number           INTEGER NOT NULL CHECK (number >= 1),
    kind             TEXT NOT NULL CHECK (kind IN ('initial', 'review', 'transfer', 'termination')),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'closed')),
    started_on       TEXT NOT NULL,
    closed_on        TEXT,
    closed_by        TEXT,
    next_review_date TEXT,
    UNIQUE (prisoner_id, number)
);
CREATE UNIQUE INDEX plan_version_one_draft ON plan_version (prisoner_id) WHERE status = 'draft';
-- The review date of each prisoner's latest agreed plan, read from the index alone.
CREATE INDEX plan_version_latest_closed ON plan_version (prisoner_id, status, number, next_review_date);

CREATE TABLE objective (
    id                 INTEGER PRIMARY KEY,
    plan_version_id    INTEGER NOT NULL REFERENCES plan_version (id),
    position           INTEGER NOT NULL,
    text               TEXT NOT NULL,
    pathway            TEXT NOT NULL CHECK (pathway IN ('1', '2', '3', '4', '5', '6', '7', '8')),
    need               TEXT NOT NULL DEFAULT '',
    intervention_id    INTEGER REFERENCES intervention (id),
    intervention_state TEXT CHECK (intervention_state IN ('required', 'waiting', 'on', 'completed')),
    responsible_role   TEXT NOT NULL,
    responsible_name   TEXT NOT NULL DEFAULT '',
    target_date        TEXT,
    status             TEXT NOT NULL
        CHECK (status IN ('not_started', 'in_progress', 'achieved', 'not_achieved', 'no_longer_required')),
    status_changed_on  TEXT NOT NULL,
    progress_notes     TEXT NOT NULL DEFAULT '',
    agreement          TEXT CHECK (agreement IN ('agreed', 'did_not_agree', 'could_not_answer')),
    agreement_words    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX objective_by_plan ON objective (plan_version_id, position);
CREATE INDEX objective_by_intervention ON objective (intervention_id) WHERE intervention_id IS NOT NULL;

CREATE TRIGGER plan_version_closed_update BEFORE UPDATE ON plan_version
WHEN OLD.status = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be changed: start a new version');
END;
CREATE TRIGGER plan_version_closed_delete BEFORE DELETE ON plan_version
WHEN OLD.status = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be deleted');
END;
CREATE TRIGGER objective_closed_insert BEFORE INSERT ON objective
WHEN (SELECT status FROM plan_version WHERE id = NEW.plan_version_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be changed: start a new version');
END;
CREATE TRIGGER objective_closed_update BEFORE UPDATE ON objective
WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) = 'closed'
    OR (SELECT status FROM plan_version WHERE id = NEW.plan_version_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be changed: start a new version');
END;
CREATE TRIGGER objective_closed_delete BEFORE DELETE ON objective
WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed plan version cannot be changed: start a new version');
END;

CREATE TABLE planning_meeting (
    id                INTEGER PRIMARY KEY,
    prisoner_id       INTEGER NOT NULL REFERENCES prisoner (id),
    plan_version_id   INTEGER REFERENCES plan_version (id),
    meeting_date      TEXT NOT NULL,
    meeting_time      TEXT,
    chair             TEXT NOT NULL,
    held              INTEGER NOT NULL CHECK (held IN (0, 1)),
    prisoner_attended INTEGER NOT NULL DEFAULT 0 CHECK (prisoner_attended IN (0, 1)),
    prisoner_views    TEXT NOT NULL DEFAULT '',
    decisions         TEXT NOT NULL DEFAULT '',
    next_review_date  TEXT
);
CREATE INDEX planning_meeting_by_date ON planning_meeting (meeting_date);
CREATE INDEX planning_meeting_by_prisoner ON planning_meeting (prisoner_id, meeting_date);

CREATE TABLE meeting_attendee (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES planning_meeting (id),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT '',
    participation TEXT NOT NULL
        CHECK (participation IN ('invited', 'in_person', 'video_link', 'written_report', 'invited_absent'))
);
CREATE INDEX meeting_attendee_by_meeting ON meeting_attendee (meeting_id, position);

-- The record of the meeting that produced a closed plan is as fixed as the plan.
CREATE TRIGGER planning_meeting_closed_update BEFORE UPDATE ON planning_meeting
WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'the meeting that agreed a closed plan cannot be changed');
END;
CREATE TRIGGER planning_meeting_closed_delete BEFORE DELETE ON planning_meeting
WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'the meeting that agreed a closed plan cannot be changed');
END;
CREATE TRIGGER meeting_attendee_closed_change BEFORE DELETE ON meeting_attendee
WHEN (SELECT p.status FROM planning_meeting m JOIN plan_version p ON p.id = m.plan_version_id
      WHERE m.id = OLD.meeting_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'the meeting that agreed a closed plan cannot be changed');
END;
CREATE TRIGGER meeting_attendee_closed_insert BEFORE INSERT ON meeting_attendee
WHEN (SELECT p.status FROM planning_meeting m JOIN plan_version p ON p.id = m.plan_version_id
      WHERE m.id = NEW.meeting_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'the meeting that agreed a closed plan cannot be changed');
END;

CREATE TABLE keyworker (
    id          INTEGER PRIMARY KEY,
    prisoner_id INTEGER NOT NULL REFERENCES prisoner (id),
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX keyworker_by_prisoner ON keyworker (prisoner_id);

-- A significant change (new offence, incident, change in circumstances) brings the
-- next OASys/RoH review forward to the day it was recorded.
CREATE TABLE significant_change (
    id          INTEGER PRIMARY KEY,
    prisoner_id INTEGER NOT NULL REFERENCES prisoner (id),
    changed_on  TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX significant_change_by_prisoner ON significant_change (prisoner_id, changed_on);
