-- Schema version 13 (SQLite): reserved.
SELECT 1;
