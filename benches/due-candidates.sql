-- The best single query the schema without a deadlines table allows for
-- `sagsbord due`: every candidate, each part through its own index (the
-- cases that can owe a guarantee or a doctor's consultation, the courses
-- in treatment with their latest plan's revision date, the open follow-up
-- calls, the open underretninger). It still fetches every candidate: the
-- profile's rules decide in the program which of them are due. Run by
-- benches/measure-cli.sh with the day in :today (sqlite3 -cmd).
SELECT id, 'intake', contact_at, counsellor FROM cases
 WHERE closed_on IS NULL AND (treatment_started_on IS NULL
    OR (doctor_held_on IS NULL AND (doctor_offered_on IS NULL OR doctor_wanted = 1)))
UNION ALL
SELECT c.id, 'plan_revision', p.next_revision_on, c.counsellor
  FROM cases c LEFT JOIN plan_versions p ON p.case_id = c.id
   AND p.version = (SELECT max(version) FROM plan_versions WHERE case_id = c.id)
 WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL
   AND (p.next_revision_on IS NULL OR p.next_revision_on <= :today)
UNION ALL
SELECT f.case_id, 'follow_up_call', f.due_on, c.counsellor
  FROM follow_up_calls f JOIN cases c ON c.id = f.case_id
 WHERE f.done_on IS NULL AND f.due_on <= :today
UNION ALL
SELECT n.case_id, 'notification', n.drafted_on, c.counsellor
  FROM notifications n JOIN cases c ON c.id = n.case_id
 WHERE n.receipt_on IS NULL AND n.discarded_on IS NULL;
