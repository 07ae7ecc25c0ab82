-- Schema version 9 (SQLite): reserved.
SELECT 1;
