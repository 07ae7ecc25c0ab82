-- Schema version 9 (PostgreSQL): reserved.
SELECT 1;
