-- The dates a supervisor's week runs to, besides the reviews already kept: the
-- release dates the national allocation service models, parole reviews, the
-- recategorisation due date, and how early each kind of deadline turns amber.

-- Release dates, as dates (YYYY-MM-DD) or NULL. Home detention curfew is for
-- determinate sentences only, and the database holds to that against anyone
-- writing SQL; the form says why.
ALTER TABLE prisoner ADD COLUMN automatic_release_date TEXT;
ALTER TABLE prisoner ADD COLUMN hdc_eligibility_date TEXT
    CHECK (hdc_eligibility_date IS NULL OR sentence_type = 'determinate');
ALTER TABLE prisoner ADD COLUMN hdc_approved_date TEXT
    CHECK (hdc_approved_date IS NULL OR sentence_type = 'determinate');
ALTER TABLE prisoner ADD COLUMN post_recall_release_date TEXT;
ALTER TABLE prisoner ADD COLUMN approved_parole_date TEXT;
-- Release on temporary licence (job interviews, resettlement day release): the
-- date from which it may be considered. Not a release: it never counts as one.
ALTER TABLE prisoner ADD COLUMN rotl_eligibility_date TEXT;
-- When the security category is next reviewed.
ALTER TABLE prisoner ADD COLUMN recategorisation_due_date TEXT;

-- A parole review: the hearing, the custody report for the Parole Board, and the
-- outcome once it is received.
CREATE TABLE parole_review (
    id                  INTEGER PRIMARY KEY,
    prisoner_id         INTEGER NOT NULL REFERENCES prisoner (id),
    review_type         TEXT NOT NULL
        CHECK (review_type IN ('ped', 'tariff_expiry', 'post_tariff', 'recall', 'other')),
    opened_on           TEXT NOT NULL,
    target_hearing_date TEXT,
    report_due_date     TEXT,
    report_writer       TEXT NOT NULL DEFAULT '',
    -- Until the report is sent, its due date is a deadline.
    report_sent_on      TEXT,
    status              TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'deferred', 'completed', 'withdrawn')),
    outcome             TEXT
        CHECK (outcome IS NULL OR outcome IN ('release', 'no_release', 'open_conditions', 'adjourned')),
    outcome_received_on TEXT,
    -- A hearing is not held before the review is opened, and its report is due
    -- before it; an outcome comes with the date it was received.
    CHECK (target_hearing_date IS NULL OR target_hearing_date >= opened_on),
    CHECK (report_due_date IS NULL OR target_hearing_date IS NULL OR report_due_date <= target_hearing_date),
    CHECK ((outcome IS NULL) = (outcome_received_on IS NULL))
);
CREATE INDEX parole_review_by_prisoner ON parole_review (prisoner_id);

-- How many days before it falls due each kind of deadline turns amber: data the
-- head of unit can change, not a constant in the code.
CREATE TABLE deadline_warning (
    kind       TEXT PRIMARY KEY,
    amber_days INTEGER NOT NULL CHECK (amber_days BETWEEN 0 AND 365)
);
INSERT INTO deadline_warning (kind, amber_days) VALUES
    ('oasys_review', 14),
    ('plan_review', 14),
    ('supervisor_contact', 14),
    ('induction_item', 1),
    ('parole_report', 28),
    ('hearing_outcome', 0),
    ('hdc_eligibility', 70),
    ('recategorisation', 14),
    ('pre_release', 84),
    ('rotl_eligibility', 14);
