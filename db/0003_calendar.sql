-- 0003: working-day calendars loaded by an admin, one row per year.
-- Never edit this file once shipped: add 0004_….sql instead.

-- The file as loaded (the TOML of docs/calendar-format.md), re-read with the same parser. A
-- year loaded again replaces its row; the `calendar.import` event of every load keeps the
-- whole text, so each version of a year stays on record.
CREATE TABLE calendar_years (
    year      INTEGER NOT NULL PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    source    TEXT    NOT NULL,
    file_text TEXT    NOT NULL CHECK (length(file_text) > 0),
    sha256    TEXT    NOT NULL CHECK (length(sha256) = 64),
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE TRIGGER calendar_years_are_never_deleted BEFORE DELETE ON calendar_years
BEGIN
    SELECT RAISE(ABORT, 'calendar years are replaced, never deleted');
END;
