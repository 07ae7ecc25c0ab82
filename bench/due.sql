-- The due list of the default policy as one SQL query, for comparison with
-- `oversight due` in bench/run.sh. @ASOF@ is replaced by the as-of date.
-- Output: kind,id,owner,last,due,status,days_overdue (the contract's columns
-- without rule), sorted as the contract says.
WITH
asof(d) AS (SELECT '@ASOF@'),
-- Role phases of policy/default.policy, as day offsets from the start date.
phase(role, lo, hi, n, unit) AS (VALUES
  ('nqsw', -1000000, 42, 1, 'w'), ('nqsw', 42, 364, 2, 'w'), ('nqsw', 364, 100000000, 4, 'w'),
  ('social-worker', -1000000, 100000000, 4, 'w'), ('senior-practitioner', -1000000, 100000000, 4, 'w'),
  ('manager', -1000000, 100000000, 4, 'w'), ('service-manager', -1000000, 100000000, 4, 'w'),
  ('admin', -1000000, 100000000, 6, 'w'), ('residential', -1000000, 100000000, 1, 'm')),
category(id, months, every_session) AS (VALUES
  ('child-protection', 2, 0), ('child-in-need', 3, 0), ('looked-after-stable', 3, 0),
  ('looked-after', NULL, 0), ('family-placement', NULL, 0), ('residential', NULL, 1)),
person AS (
  SELECT s.ref, s.id, sup.id AS owner, s.role, s.start_date, s.fte_ppm,
         (SELECT max(a.date) FROM attendees a, asof
           WHERE a.staff_ref = s.ref AND a.held_individual = 1 AND a.date <= asof.d) AS last
  FROM staff s LEFT JOIN staff sup ON sup.ref = s.supervisor_ref, asof
  WHERE s.start_date <= asof.d AND (s.left_date IS NULL OR s.left_date >= asof.d)),
person_due AS (
  SELECT p.id, p.owner, p.last, coalesce(p.last, p.start_date) AS anchor, ph.n, ph.unit, p.fte_ppm
  FROM person p JOIN phase ph ON ph.role = p.role
   AND julianday(coalesce(p.last, p.start_date)) - julianday(p.start_date) >= ph.lo
   AND julianday(coalesce(p.last, p.start_date)) - julianday(p.start_date) < ph.hi),
staff_rows AS (
  SELECT 'staff' AS kind, id, coalesce(owner, '') AS owner, last,
    CASE WHEN unit = 'm' THEN
      min(date(anchor, '+' || ((n * 1000000 + fte_ppm - 1) / fte_ppm) || ' months'),
          date(anchor, 'start of month', '+' || ((n * 1000000 + fte_ppm - 1) / fte_ppm + 1) || ' months', '-1 day'))
    ELSE date(anchor, '+' || (((CASE unit WHEN 'w' THEN 7 ELSE 1 END) * n * 1000000 + fte_ppm - 1) / fte_ppm) || ' days')
    END AS due
  FROM person_due),
open_case AS (
  SELECT c.id, w.id AS owner, c.category, c.allocated_date, c.every,
    (SELECT max(d.date) FROM discussions d, asof WHERE d.case_ref = c.ref AND d.held = 1 AND d.date <= asof.d) AS last,
    (SELECT max(a.date) FROM attendees a, asof
      WHERE a.staff_ref = c.worker_ref AND a.held_individual = 1 AND a.date <= asof.d) AS worker_last
  FROM cases c JOIN staff w ON w.ref = c.worker_ref, asof
  WHERE c.allocated_date <= asof.d AND (c.closed_date IS NULL OR c.closed_date > asof.d)),
case_anchor AS (
  SELECT oc.*, coalesce(oc.last, oc.allocated_date) AS anchor, cat.months, cat.every_session,
    CAST(substr(oc.every, 1, length(oc.every) - 1) AS INTEGER) AS every_n, substr(oc.every, -1) AS every_unit
  FROM open_case oc JOIN category cat ON cat.id = oc.category),
case_rows AS (
  SELECT 'case' AS kind, id, owner, last,
    min(
      min(date(anchor, '+6 months'), date(anchor, 'start of month', '+7 months', '-1 day')),
      coalesce(min(date(anchor, '+' || months || ' months'),
                   date(anchor, 'start of month', '+' || (months + 1) || ' months', '-1 day')), '9999-12-31'),
      coalesce(CASE every_unit
        WHEN 'd' THEN date(anchor, '+' || every_n || ' days')
        WHEN 'w' THEN date(anchor, '+' || (7 * every_n) || ' days')
        WHEN 'm' THEN min(date(anchor, '+' || every_n || ' months'),
                          date(anchor, 'start of month', '+' || (every_n + 1) || ' months', '-1 day'))
        END, '9999-12-31'),
      CASE WHEN every_session = 1 AND worker_last >= allocated_date AND (last IS NULL OR last < worker_last)
           THEN worker_last ELSE '9999-12-31' END) AS due
  FROM case_anchor),
all_rows AS (SELECT * FROM staff_rows UNION ALL SELECT * FROM case_rows)
SELECT kind, id, owner, coalesce(last, '') AS last, due,
  CASE WHEN asof.d > due THEN 'overdue' WHEN julianday(due) - julianday(asof.d) <= 7 THEN 'due-soon' ELSE 'ok' END,
  CASE WHEN asof.d > due THEN CAST(julianday(asof.d) - julianday(due) AS INTEGER) ELSE 0 END AS days_overdue
FROM all_rows, asof
ORDER BY days_overdue DESC, due, kind, id;
