-- What each station's open cases stand at, as the station last pushed them: the bureau watches
-- every team's deadlines here (`zhifa --central URL case list --overdue`). A projection of the
-- station's events (its own `zhifa verify` replays the rows it is computed from), replaced whole
-- for a station at each push that sent events; the events above stay the record. No parties,
-- facts or identity numbers: the number, team, stage, place and clocks only.
CREATE TABLE open_cases (
    station   text    NOT NULL REFERENCES stations (code),
    case_id   bigint  NOT NULL,
    number    text,
    team      text    NOT NULL,
    stage     text    NOT NULL,
    stage_zh  text    NOT NULL,
    stage_en  text    NOT NULL,
    place     text    NOT NULL,
    -- The earliest due date of a clock that makes the case late (the bureau's own periods,
    -- payment): overdue on any later day, wherever and whenever it is read.
    late_due  date,
    -- A clock reaches a year no calendar covers: listed with the overdue ones, never dropped.
    uncounted boolean NOT NULL,
    -- Each clock: kind, label, basis, due date, whether it makes the case late.
    clocks    jsonb   NOT NULL,
    PRIMARY KEY (station, case_id)
);

CREATE INDEX open_cases_by_late_due ON open_cases (late_due);

-- Per station: the last event the projection reflects and the station's day it was computed.
CREATE TABLE open_cases_pushed (
    station     text   PRIMARY KEY REFERENCES stations (code),
    through_seq bigint NOT NULL,
    as_of       date   NOT NULL
);
