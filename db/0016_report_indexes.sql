-- 0012: indexes for the reports (统计) on years of history: a period's cases by the day of the
-- lead and by the day of the decision (inside the state, the same expression the report's query
-- uses), and the re-inspections due in a period (0008 indexes only the open ones).
-- Indexes only: no table changes, nothing for verify to replay.
-- Never edit this file once shipped.

CREATE INDEX IF NOT EXISTS cases_by_lead ON cases (lead_on);
CREATE INDEX IF NOT EXISTS cases_by_decision ON cases (json_extract(state, '$.decided_on'))
    WHERE json_extract(state, '$.decided_on') IS NOT NULL;
CREATE INDEX IF NOT EXISTS reinspections_by_due ON reinspection_tasks (due);
