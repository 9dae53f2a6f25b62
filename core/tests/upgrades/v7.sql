-- Version 7 added the case file's identity, which its migration fills, and no case
-- data of its own: the data of the earlier fixtures is all a version 7 file holds.
SELECT 1;
