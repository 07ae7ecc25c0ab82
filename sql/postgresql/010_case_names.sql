-- Schema version 10 (PostgreSQL): reserved.
SELECT 1;
