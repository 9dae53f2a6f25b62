-- Version 6 added a view (the standing key movements) and no table: the data of the
-- earlier fixtures is all a version 6 file holds.
SELECT 1;
