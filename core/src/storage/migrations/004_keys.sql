-- Version 4: the key and tally register.
--
-- Bunches hang on numbered hooks; tally holders draw them with their numbered
-- tally. Every issue, return and correction is a row of key_movement, which can
-- never be changed or deleted: the board is derived from it, so a crash can never
-- leave a bunch both in and out.

CREATE TABLE key_bunch (
    id                INTEGER PRIMARY KEY,
    hook              INTEGER NOT NULL UNIQUE CHECK (hook BETWEEN 1 AND 9999),
    description       TEXT NOT NULL,
    key_count         INTEGER NOT NULL CHECK (key_count >= 1),
    contents          TEXT NOT NULL DEFAULT '',
    out_of_use        INTEGER NOT NULL DEFAULT 0 CHECK (out_of_use IN (0, 1)),
    out_of_use_reason TEXT NOT NULL DEFAULT ''
);

CREATE TABLE tally_holder (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT '',
    department        TEXT NOT NULL DEFAULT '',
    tally             INTEGER NOT NULL UNIQUE CHECK (tally BETWEEN 1 AND 9999),
    risk_assessed_on  TEXT,
    key_talk_on       TEXT,
    chain_and_pouch   INTEGER NOT NULL DEFAULT 0 CHECK (chain_and_pouch IN (0, 1)),
    overnight_allowed INTEGER NOT NULL DEFAULT 0 CHECK (overnight_allowed IN (0, 1)),
    suspended         INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1))
);

CREATE TABLE key_movement (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    bunch_id        INTEGER NOT NULL REFERENCES key_bunch (id),
    kind            TEXT NOT NULL CHECK (kind IN ('issue', 'return', 'correction')),
    holder_id       INTEGER REFERENCES tally_holder (id),
    at              TEXT NOT NULL,
    due_back        TEXT,
    recorded_by     TEXT NOT NULL,
    count_confirmed INTEGER NOT NULL DEFAULT 1 CHECK (count_confirmed IN (0, 1)),
    count_note      TEXT NOT NULL DEFAULT '',
    condition       TEXT NOT NULL DEFAULT '',
    corrects        INTEGER REFERENCES key_movement (id),
    reason          TEXT NOT NULL DEFAULT '',
    CHECK (kind <> 'issue' OR (holder_id IS NOT NULL AND due_back IS NOT NULL)),
    CHECK (kind <> 'correction' OR (corrects IS NOT NULL AND reason <> ''))
);
CREATE INDEX key_movement_by_bunch ON key_movement (bunch_id, id);
CREATE INDEX key_movement_by_holder ON key_movement (holder_id, at);
CREATE INDEX key_movement_by_time ON key_movement (at);
CREATE UNIQUE INDEX key_movement_one_correction ON key_movement (corrects) WHERE corrects IS NOT NULL;

CREATE TRIGGER key_movement_is_history_update BEFORE UPDATE ON key_movement
BEGIN
    SELECT RAISE(ABORT, 'the key register is history: record a correction instead of changing a movement');
END;
CREATE TRIGGER key_movement_is_history_delete BEFORE DELETE ON key_movement
BEGIN
    SELECT RAISE(ABORT, 'the key register is history: record a correction instead of deleting a movement');
END;

CREATE TABLE key_incident (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('lost', 'damaged', 'taken_out', 'count_discrepancy')),
    bunch_id      INTEGER NOT NULL REFERENCES key_bunch (id),
    keys_affected TEXT NOT NULL DEFAULT '',
    reported_by   TEXT NOT NULL,
    reported_at   TEXT NOT NULL,
    last_holder   TEXT NOT NULL DEFAULT '',
    explanation   TEXT NOT NULL,
    reported_to   TEXT NOT NULL CHECK (reported_to IN ('security_manager', 'orderly_officer')),
    actions       TEXT NOT NULL DEFAULT '',
    closed_at     TEXT,
    closed_by     TEXT,
    closure_notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX key_incident_open ON key_incident (bunch_id) WHERE closed_at IS NULL;

CREATE TABLE key_visitor (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    purpose       TEXT NOT NULL DEFAULT '',
    escorted_by   TEXT NOT NULL,
    signed_in_at  TEXT NOT NULL,
    signed_out_at TEXT
);
CREATE INDEX key_visitor_in ON key_visitor (signed_in_at);

INSERT INTO setting (key, value) VALUES ('key_cut_off', '17:00');
