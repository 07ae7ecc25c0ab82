-- Schema version 12 (SQLite): reserved.
SELECT 1;
