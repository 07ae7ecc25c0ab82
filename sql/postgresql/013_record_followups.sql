-- Schema version 13 (PostgreSQL): reserved.
SELECT 1;
