-- `sagsbord due` as one range scan, once the store keeps every open
-- deadline in its `deadlines` table (issue 13): what is due on or before
-- :today and holds on that day, with the fields `due --json` prints, most
-- overdue first. A flag due every day has due '' and so is in the range.
-- Run by benches/measure-cli.sh when the centre has that table.
SELECT case_id, kind, due, counsellor, rule, setting, profile, follow_up_months, clock_started
  FROM deadlines
 WHERE due <= :today
   AND (valid_from IS NULL OR valid_from <= :today)
   AND (valid_until IS NULL OR valid_until > :today)
 ORDER BY due, case_id;
