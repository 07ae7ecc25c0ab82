-- Schema version 12 (PostgreSQL): reserved.
SELECT 1;
