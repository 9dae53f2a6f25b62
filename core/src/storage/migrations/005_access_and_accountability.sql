-- Who may sign in, and an audit trail whose past cannot be changed unnoticed.

-- The people who may sign in. Their passphrases are not here (nor anywhere): the key
-- file holds the case key sealed under each one. A removed user keeps their row, so
-- the audit trail's names stay explained, and is refused at sign-in even with an old
-- copy of the key file.
CREATE TABLE app_user (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('administrator', 'supervisor', 'gate')),
    added_at   TEXT NOT NULL,
    removed_at TEXT
);

-- One seal per audit entry: SHA-256 over the previous seal and the entry. Written by
-- the app in the same transaction as the entry; editing, deleting or reordering a
-- past entry breaks the chain from there on (`omu-desk audit verify`).
CREATE TABLE audit_seal (
    audit_id INTEGER PRIMARY KEY,
    hash     TEXT NOT NULL
);
CREATE TRIGGER audit_seal_is_append_only_update BEFORE UPDATE ON audit_seal
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: seals cannot be changed');
END;
CREATE TRIGGER audit_seal_is_append_only_delete BEFORE DELETE ON audit_seal
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: seals cannot be deleted');
END;

-- Where the chain starts after entries past retention were erased: the last erased
-- entry's id and seal. Rows are only ever added, by the logged erasure.
CREATE TABLE audit_anchor (
    id            INTEGER PRIMARY KEY,
    last_erased   INTEGER NOT NULL,
    hash          TEXT NOT NULL,
    erased_at     TEXT NOT NULL
);
CREATE TRIGGER audit_anchor_is_append_only_update BEFORE UPDATE ON audit_anchor
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: anchors cannot be changed');
END;
CREATE TRIGGER audit_anchor_is_append_only_delete BEFORE DELETE ON audit_anchor
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: anchors cannot be deleted');
END;

CREATE INDEX audit_log_by_time ON audit_log (at);

-- Set only while an administrator's erasure of records past retention runs: the
-- audit rows for those deletions then say "erased" instead of copying the erased
-- personal data into the log.
ALTER TABLE audit_actor ADD COLUMN erasing INTEGER NOT NULL DEFAULT 0 CHECK (erasing IN (0, 1));
