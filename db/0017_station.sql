-- 0017: the station this database belongs to (issue 14: stations adding up to a bureau).
-- Never edit this file once shipped: add 0018_….sql instead. (IF NOT EXISTS: see 0015.)

-- One row, given once by an admin (`zhifa station set`), never changed or deleted: every event of
-- this file is this station's, and the centre (docs/CENTRAL.md) files them under its code. Two
-- databases can never push as one station: the centre also knows each station by its first
-- event's hash.
CREATE TABLE IF NOT EXISTS station (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    code      TEXT    NOT NULL CHECK (length(code) BETWEEN 2 AND 16
                                      AND code NOT GLOB '*[^A-Z0-9-]*'
                                      AND substr(code, 1, 1) GLOB '[A-Z0-9]'),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE TRIGGER IF NOT EXISTS station_is_never_changed BEFORE UPDATE ON station
BEGIN
    SELECT RAISE(ABORT, 'a station code is given once and never changed');
END;

CREATE TRIGGER IF NOT EXISTS station_is_never_deleted BEFORE DELETE ON station
BEGIN
    SELECT RAISE(ABORT, 'a station code is given once and never deleted');
END;
