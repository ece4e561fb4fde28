-- `sagsbord due` as one range scan, once the store keeps every open
-- deadline in its `deadlines` table: what is due on or before :today,
-- with the case's counsellor, most overdue first. Run by
-- benches/measure-cli.sh when the centre has that table.
SELECT d.case_id, d.kind, d.due, c.counsellor
  FROM deadlines d JOIN cases c ON c.id = d.case_id
 WHERE d.due <= :today
 ORDER BY d.due, d.case_id;
