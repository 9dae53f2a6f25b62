-- A return records the due time of the issue it closes. The Unit page counts a
-- year's late returns from one partial index instead of pairing each return with
-- its issue across a fifth of a million movements. Returns recorded before this
-- version keep no due time (the register is history and is not rewritten); they are
-- still paired with their issues, and the index of them stays empty on new files.
CREATE INDEX key_movement_late_returns ON key_movement (at)
WHERE kind = 'return' AND at > due_back;
CREATE INDEX key_movement_returns_before_due_times ON key_movement (at)
WHERE kind = 'return' AND due_back IS NULL;

-- The database keeps the rule, so no path (nor a hand-written INSERT) can add a
-- return the count above would miss.
CREATE TRIGGER key_movement_return_names_its_due_time BEFORE INSERT ON key_movement
WHEN NEW.kind = 'return' AND NEW.due_back IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a return records the due time of the issue it closes');
END;
