-- Version 8 completed the items the record answers, and added no case data of its
-- own: the data of the earlier fixtures is all a version 8 file holds.
SELECT 1;
