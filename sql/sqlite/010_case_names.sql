-- Schema version 10 (SQLite): reserved.
SELECT 1;
