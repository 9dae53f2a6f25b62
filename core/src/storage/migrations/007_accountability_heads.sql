-- Which case file this is: heads published outside it (the head log beside the key
-- file, backup manifests) carry it, so a log or manifest from another case file is
-- named as such rather than read as this one's history. Fixed once written.
CREATE TABLE case_file_identity (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL
);
INSERT INTO case_file_identity (id, uid) VALUES (1, lower(hex(randomblob(16))));
CREATE TRIGGER case_file_identity_is_fixed_update BEFORE UPDATE ON case_file_identity
BEGIN
    SELECT RAISE(ABORT, 'the case file''s identity is fixed');
END;
CREATE TRIGGER case_file_identity_is_fixed_delete BEFORE DELETE ON case_file_identity
BEGIN
    SELECT RAISE(ABORT, 'the case file''s identity is fixed');
END;
