-- 0009: indexes for the work lists on a database with years of history (the casework
-- benchmark: 1M patrols, 200k cases, 500k tickets). Indexes only: no table changes.
-- Never edit this file once shipped: add 0010_….sql instead. (0008 is another change's.)
-- IF NOT EXISTS: a development database made before 0008 was merged may meet this twice.

-- Open cases (the 案件 tab, overdue and due-soon lists) without reading the archived ones:
-- the few stages still being worked on are short ranges of this index.
CREATE INDEX IF NOT EXISTS cases_by_stage ON cases (stage);

-- Today's patrols of every team (the 巡查 tab) as one range of planned start times.
CREATE INDEX IF NOT EXISTS patrols_by_start ON patrols (planned_start);

-- Recent tickets (the 投诉 tab shows those awaiting a reply, which tickets_open_by_due finds,
-- and the last days' others).
CREATE INDEX IF NOT EXISTS tickets_by_received ON tickets (received_at);
