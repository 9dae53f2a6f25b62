-- Version 2: induction checklists.
--
-- The establishment's induction procedure is a versioned template. A published
-- version never changes (triggers below); editing makes a draft, publishing it
-- supersedes the old one. A prisoner's checklist points at the version it started
-- with, and each of its items carries its due time, fixed when the checklist starts.

CREATE TABLE induction_template (
    id            INTEGER PRIMARY KEY,
    version       INTEGER NOT NULL UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
    last_reviewed TEXT NOT NULL,
    published_at  TEXT,
    published_by  TEXT
);
CREATE UNIQUE INDEX induction_template_one_published ON induction_template (status) WHERE status = 'published';
CREATE UNIQUE INDEX induction_template_one_draft ON induction_template (status) WHERE status = 'draft';

CREATE TABLE induction_template_item (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES induction_template (id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    guidance    TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    mandatory   INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
    due_kind    TEXT NOT NULL CHECK (due_kind IN ('on_the_day', 'hours', 'days')),
    due_amount  INTEGER NOT NULL CHECK (due_amount >= 0),
    question    TEXT NOT NULL DEFAULT 'none',
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);
CREATE INDEX induction_template_item_by_template ON induction_template_item (template_id, position);

CREATE TRIGGER induction_template_item_published_insert BEFORE INSERT ON induction_template_item
WHEN (SELECT status FROM induction_template WHERE id = NEW.template_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a published induction template cannot be changed: edit a new version');
END;
CREATE TRIGGER induction_template_item_published_update BEFORE UPDATE ON induction_template_item
WHEN (SELECT status FROM induction_template WHERE id = OLD.template_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a published induction template cannot be changed: edit a new version');
END;
CREATE TRIGGER induction_template_item_published_delete BEFORE DELETE ON induction_template_item
WHEN (SELECT status FROM induction_template WHERE id = OLD.template_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a published induction template cannot be changed: edit a new version');
END;

CREATE TABLE induction_checklist (
    id          INTEGER PRIMARY KEY,
    prisoner_id INTEGER NOT NULL REFERENCES prisoner (id),
    template_id INTEGER NOT NULL REFERENCES induction_template (id),
    received_at TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    started_by  TEXT NOT NULL
);
CREATE INDEX induction_checklist_by_prisoner ON induction_checklist (prisoner_id);

CREATE TABLE induction_item (
    id               INTEGER PRIMARY KEY,
    checklist_id     INTEGER NOT NULL REFERENCES induction_checklist (id),
    template_item_id INTEGER NOT NULL REFERENCES induction_template_item (id),
    due_at           TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'completed', 'not_applicable', 'exempt')),
    done_by          TEXT,
    done_at          TEXT,
    exemption_reason TEXT,
    reason_notes     TEXT NOT NULL DEFAULT '',
    outcome_notes    TEXT NOT NULL DEFAULT '',
    answer           TEXT,
    UNIQUE (checklist_id, template_item_id),
    CHECK (status NOT IN ('exempt', 'not_applicable') OR exemption_reason IS NOT NULL)
);
-- Counts a checklist's open, overdue items with one range seek.
CREATE INDEX induction_item_by_status_due ON induction_item (checklist_id, status, due_at);
-- The unit's overdue items in one short range scan: open items are few.
CREATE INDEX induction_item_open_by_due ON induction_item (due_at) WHERE status = 'open';

-- The default procedure, built from the national guidance; each establishment edits
-- its own and reviews it every year.
INSERT INTO induction_template (id, version, status, last_reviewed, published_at, published_by)
VALUES (1, 1, 'published', date('now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'OMU Desk default');

-- A published template refuses new items, so the default items go in while the
-- template is briefly a draft.
UPDATE induction_template SET status = 'draft' WHERE id = 1;
INSERT INTO induction_template_item
    (template_id, position, title, guidance, role, mandatory, due_kind, due_amount, question)
VALUES
    (1, 1, 'Identity and personal details confirmed',
     'Check name, date of birth and prison number against the warrant; photograph; next of kin.',
     'Reception officer', 1, 'on_the_day', 0, 'none'),
    (1, 2, 'Property recorded',
     'Property listed and signed for; valuables stored.', 'Reception officer', 1, 'on_the_day', 0, 'none'),
    (1, 3, 'Health screen',
     'First reception health screen by healthcare, including medication and substance use.',
     'Healthcare', 1, 'on_the_day', 0, 'disability'),
    (1, 4, 'Self-harm and suicide risk screen',
     'Open an ACCT if there is any risk. Record the outcome.', 'Reception officer', 1, 'on_the_day', 0, 'none'),
    (1, 5, 'Cell sharing risk assessment (CSRA)',
     'Before the first night: single or shared cell, with reasons and the healthcare view.',
     'Reception officer', 1, 'on_the_day', 0, 'none'),
    (1, 6, 'First night interview',
     'Private interview on the first night: how they feel, immediate worries, what happens next.',
     'First night officer', 1, 'on_the_day', 0, 'none'),
    (1, 7, 'First phone call offered',
     'A free call to family or a friend on the first night.', 'First night officer', 1, 'on_the_day', 0, 'none'),
    (1, 8, 'Problems on arrival identified',
     'Contacting family, money, housing, job, health, feeling low, drugs or alcohol. Help must be offered within 24 hours.',
     'First night officer', 1, 'hours', 24, 'problems_on_arrival'),
    (1, 9, 'Interpreter needed?',
     'If English is not their first language, arrange an interpreter (Language Line) for induction and any interview.',
     'Reception officer', 1, 'hours', 24, 'interpreter'),
    (1, 10, 'Induction course attended',
     'The establishment''s induction course: regime, rules, services, how to ask for help.',
     'Induction officer', 1, 'days', 7, 'none'),
    (1, 11, 'Basic skills screen (literacy and numeracy)',
     'Initial assessment in English and maths; note learning style and any sign of dyslexia.',
     'Education', 1, 'days', 7, 'basic_skills'),
    (1, 12, 'Disability liaison interview',
     'Any disability or reasonable adjustment needed.', 'Disability liaison officer', 0, 'days', 7, 'none'),
    (1, 13, 'Employment, accommodation and family ties at risk',
     'Act now to preserve a job, tenancy or family contact that imprisonment puts at risk.',
     'Resettlement', 1, 'hours', 72, 'none'),
    (1, 14, 'Benefits surgery (Jobcentre Plus)',
     'Stop or adjust benefit claims; advice on debts.', 'Jobcentre Plus', 0, 'days', 7, 'none'),
    (1, 15, 'In scope of offender management checked',
     'Check the scope shown on the prisoner''s record and its reason; agree it with the OMU.',
     'Offender management unit', 1, 'days', 7, 'none'),
    (1, 16, 'Offender supervisor allocated',
     'Allocate a supervisor on the record, taking workload into account.', 'Offender management unit', 1, 'days', 7, 'none'),
    (1, 17, 'OASys status checked and offender manager contacted',
     'Check whether an OASys assessment is due or overdue and make contact with the community offender manager.',
     'Offender supervisor', 1, 'days', 7, 'none');
UPDATE induction_template SET status = 'published' WHERE id = 1;
