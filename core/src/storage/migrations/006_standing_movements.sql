-- A key movement stands unless a correction voids it. This view is the one place
-- that says so: the board, the reconciliation, the history, the incident's last
-- holder and the checks at the gate all read it.
CREATE VIEW standing_movement AS
    SELECT m.* FROM key_movement m
    WHERE NOT EXISTS (SELECT 1 FROM key_movement c WHERE c.corrects = m.id);
