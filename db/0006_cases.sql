-- 0006: cases (案件): the case, the catalog items it cites frozen as they were, its parties,
-- and every procedural step taken.
-- Never edit this file once shipped: add 0007_….sql instead.

-- Case numbers are never reused: one counter per year, only ever raised.
CREATE TABLE case_number_counters (
    year INTEGER NOT NULL PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    last INTEGER NOT NULL CHECK (last > 0)
) STRICT;

CREATE TRIGGER case_numbers_only_go_up BEFORE UPDATE ON case_number_counters
WHEN NEW.last <= OLD.last
BEGIN
    SELECT RAISE(ABORT, 'case numbers are never reused');
END;

-- One case. What it is about never changes; `number` is set once (at filing), and `state` /
-- `stage` are the result of replaying `case_steps` (kept here so lists need no replay).
CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    number        TEXT    UNIQUE CHECK (number IS NULL OR length(trim(number)) > 0),
    team_code     TEXT    NOT NULL REFERENCES teams (code),
    source        TEXT    NOT NULL
                  CHECK (source IN ('patrol', 'ticket', 'referral', 'assignment', 'walk_in')),
    ticket_id     INTEGER REFERENCES tickets (id),
    place         TEXT    NOT NULL CHECK (length(trim(place)) > 0),
    grid_code     TEXT    REFERENCES grids (code),
    facts         TEXT    NOT NULL CHECK (length(trim(facts)) > 0),
    act_on        TEXT    NOT NULL CHECK (act_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    lead_on       TEXT    NOT NULL CHECK (lead_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    stage         TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (json_valid(state)),
    created_event INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE INDEX cases_by_team_stage ON cases (team_code, stage);

CREATE TRIGGER cases_are_never_deleted BEFORE DELETE ON cases
BEGIN
    SELECT RAISE(ABORT, 'cases are never deleted');
END;

CREATE TRIGGER case_facts_are_fixed
BEFORE UPDATE OF team_code, source, ticket_id, place, grid_code, facts, act_on, lead_on,
                 created_event ON cases
BEGIN
    SELECT RAISE(ABORT, 'what a case is about is corrected by a new step, never edited');
END;

CREATE TRIGGER case_numbers_are_given_once BEFORE UPDATE OF number ON cases
WHEN OLD.number IS NOT NULL AND NEW.number IS NOT OLD.number
BEGIN
    SELECT RAISE(ABORT, 'a case number is given once');
END;

-- The catalog items a case cites, as they were in the version in force on the day of the act.
CREATE TABLE case_items (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    ordinal    INTEGER NOT NULL CHECK (ordinal >= 0),
    version_id INTEGER NOT NULL REFERENCES catalog_versions (id),
    code       TEXT    NOT NULL,
    item       TEXT    NOT NULL CHECK (json_valid(item)),
    PRIMARY KEY (case_id, ordinal)
) STRICT, WITHOUT ROWID;

-- Parties (当事人): a person or an organisation.
CREATE TABLE case_parties (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    ordinal   INTEGER NOT NULL CHECK (ordinal >= 0),
    kind      TEXT    NOT NULL CHECK (kind IN ('individual', 'organisation')),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    -- ID card number or unified social credit code; masked in anything published.
    id_number TEXT    NOT NULL DEFAULT '',
    contact   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, ordinal)
) STRICT, WITHOUT ROWID;

-- Every step taken, in order, with who took it: the case's history. A correction is a new step.
CREATE TABLE case_steps (
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    seq         INTEGER NOT NULL CHECK (seq > 0),
    step        TEXT    NOT NULL CHECK (json_valid(step)),
    stage_after TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    event_seq   INTEGER NOT NULL UNIQUE REFERENCES events (seq),
    PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER case_items_are_frozen BEFORE UPDATE ON case_items
BEGIN
    SELECT RAISE(ABORT, 'the items a case cites are frozen');
END;
CREATE TRIGGER case_items_are_never_deleted BEFORE DELETE ON case_items
BEGIN
    SELECT RAISE(ABORT, 'the items a case cites are frozen');
END;
CREATE TRIGGER case_parties_are_never_deleted BEFORE DELETE ON case_parties
BEGIN
    SELECT RAISE(ABORT, 'parties are corrected by a new step, never deleted');
END;
CREATE TRIGGER case_parties_are_never_updated BEFORE UPDATE ON case_parties
BEGIN
    SELECT RAISE(ABORT, 'parties are corrected by a new step, never edited');
END;
CREATE TRIGGER case_steps_are_never_updated BEFORE UPDATE ON case_steps
BEGIN
    SELECT RAISE(ABORT, 'case steps are never changed');
END;
CREATE TRIGGER case_steps_are_never_deleted BEFORE DELETE ON case_steps
BEGIN
    SELECT RAISE(ABORT, 'case steps are never deleted');
END;
