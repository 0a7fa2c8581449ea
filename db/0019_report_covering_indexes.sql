-- 0017: covering indexes for the reports' fast path (统计, `store/report/counted.rs`): a year's
-- patrols, findings, re-inspections and tickets are counted from these indexes alone, without
-- reading the rows (a finding's row holds its description and evidence, a ticket's its content).
-- Each starts with the column the period is a range of (a finding's patrol, a ticket's actions'
-- ticket) and holds what the counting rules look at. Indexes only: no table changes, nothing for
-- verify to replay.
-- Never edit this file once shipped.

CREATE INDEX IF NOT EXISTS patrols_for_reports
    ON patrols (planned_start, team_code, status, grids, officers);
CREATE INDEX IF NOT EXISTS findings_for_reports ON patrol_findings (patrol_id, action, grid_code);
CREATE INDEX IF NOT EXISTS reinspections_for_reports
    ON reinspection_tasks (due, team_code, done_patrol);
CREATE INDEX IF NOT EXISTS tickets_for_reports
    ON tickets (received_at, team_code, channel, reply_due, status, duplicate_of);
CREATE INDEX IF NOT EXISTS ticket_actions_for_reports ON ticket_actions (ticket_id, kind, seq, at);
