-- 0007: patrols (巡查) and what they find.
-- Never edit this file once shipped: add 0008_….sql instead.

-- A patrol: planned for a team, run by its officers over grids or a route, finished, signed off
-- by the team leader. The row holds the current state; each change is an event.
CREATE TABLE patrols (
    id            INTEGER PRIMARY KEY,
    team_code     TEXT    NOT NULL REFERENCES teams (code),
    kind          TEXT    NOT NULL
                  CHECK (kind IN ('daily', 'campaign', 'joint', 'night', 'random', 'event')),
    grids         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(grids)),
    route         TEXT    NOT NULL DEFAULT '',
    officers      TEXT    NOT NULL CHECK (json_valid(officers)),
    planned_start TEXT    NOT NULL,
    planned_end   TEXT    NOT NULL CHECK (planned_end >= planned_start),
    started_at    TEXT,
    finished_at   TEXT    CHECK (finished_at IS NULL OR (started_at IS NOT NULL AND finished_at >= started_at)),
    status        TEXT    NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'underway', 'finished', 'signed_off')),
    summary       TEXT    NOT NULL DEFAULT '',
    signed_off_by TEXT,
    created_event INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE INDEX patrols_by_team_start ON patrols (team_code, planned_start);

CREATE TRIGGER patrols_are_never_deleted BEFORE DELETE ON patrols
BEGIN
    SELECT RAISE(ABORT, 'patrols are never deleted');
END;

-- What a patrol found, as it happened. Evidence files are registered by name and SHA-256.
CREATE TABLE patrol_findings (
    patrol_id   INTEGER NOT NULL REFERENCES patrols (id),
    seq         INTEGER NOT NULL CHECK (seq > 0),
    at          TEXT    NOT NULL,
    place       TEXT    NOT NULL CHECK (length(trim(place)) > 0),
    grid_code   TEXT    REFERENCES grids (code),
    item_code   TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL CHECK (length(trim(description)) > 0),
    evidence    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    action      TEXT    NOT NULL
                CHECK (action IN ('no_problem', 'education', 'corrected', 'order', 'simple_penalty',
                                  'case', 'transfer')),
    -- An order to correct (责令改正) names the day of the re-inspection.
    order_due   TEXT    CHECK ((action = 'order') = (order_due IS NOT NULL)),
    case_id     INTEGER REFERENCES cases (id),
    actor       TEXT    NOT NULL,
    event_seq   INTEGER NOT NULL UNIQUE REFERENCES events (seq),
    PRIMARY KEY (patrol_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER patrol_findings_are_never_updated BEFORE UPDATE ON patrol_findings
BEGIN
    SELECT RAISE(ABORT, 'findings are corrected by a new finding, never edited');
END;

CREATE TRIGGER patrol_findings_are_never_deleted BEFORE DELETE ON patrol_findings
BEGIN
    SELECT RAISE(ABORT, 'findings are never deleted');
END;
