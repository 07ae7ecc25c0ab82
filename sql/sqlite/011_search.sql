-- Schema version 11 (SQLite): reserved.
SELECT 1;
