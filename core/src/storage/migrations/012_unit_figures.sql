-- The Unit page reads each plan's required interventions for a year: with this
-- index it reads them from the index alone, not from the objectives' rows with all
-- their text (a third of its time on a large unit).
CREATE INDEX objective_needs ON objective (plan_version_id, intervention_id, intervention_state)
WHERE intervention_state IS NOT NULL;
