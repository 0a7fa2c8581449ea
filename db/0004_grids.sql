-- 0004: grids (网格), the units patrols cover and complaints are placed in.
-- Never edit this file once shipped: add 0005_….sql instead.

-- A grid belongs to one team; patrols, findings and tickets will reference it, so it is never
-- deleted (a grid that is redrawn gets a new code).
CREATE TABLE grids (
    code      TEXT    NOT NULL PRIMARY KEY CHECK (length(trim(code)) > 0 AND code = trim(code)),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    team_code TEXT    NOT NULL REFERENCES teams (code),
    -- The road segment it follows, and landmarks officers know it by (free text).
    road      TEXT    NOT NULL DEFAULT '',
    landmarks TEXT    NOT NULL DEFAULT '',
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE INDEX grids_by_team ON grids (team_code, code);

CREATE TRIGGER grids_are_never_deleted BEFORE DELETE ON grids
BEGIN
    SELECT RAISE(ABORT, 'grids are never deleted');
END;
