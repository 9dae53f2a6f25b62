-- What an electronic key cabinet enforces, kept by the register itself.
-- Key rights: a bunch may belong to an access group ("healthcare", "perimeter"), and
-- only holders whose access includes that group may draw it. Existing bunches are
-- open to every holder, as they were.
ALTER TABLE key_bunch ADD COLUMN access_group TEXT NOT NULL DEFAULT '';
-- A restricted bunch is issued only with a second authorised officer confirming.
ALTER TABLE key_bunch ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1));
-- The groups a holder may draw, separated by commas, in lower case.
ALTER TABLE tally_holder ADD COLUMN access_groups TEXT NOT NULL DEFAULT '';
-- A holder who is leaving or on long leave draws no keys.
ALTER TABLE tally_holder ADD COLUMN staff_status TEXT NOT NULL DEFAULT 'serving'
    CHECK (staff_status IN ('serving', 'leaving', 'long_leave'));
-- The second officer on the issue of a restricted bunch.
ALTER TABLE key_movement ADD COLUMN second_holder_id INTEGER REFERENCES tally_holder (id);
-- A holder's own time for keys back (night staff, late education), HH:MM; empty
-- for the establishment's cut-off.
ALTER TABLE tally_holder ADD COLUMN keys_due_by TEXT;
-- An access group's own time for keys back (the education keys, out for evening
-- classes), HH:MM; a group without a row keeps the establishment's cut-off.
CREATE TABLE key_access_group (
    name TEXT PRIMARY KEY CHECK (name <> ''),
    keys_due_by TEXT NOT NULL
);
