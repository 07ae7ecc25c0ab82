-- Schema version 11 (PostgreSQL): reserved.
SELECT 1;
