-- 0005: complaints and hotline tickets (投诉举报, 12345), with their handling history.
-- Never edit this file once shipped: add 0006_….sql instead.

-- One ticket. Its number is unique per channel (a feed imported twice adds nothing). The row
-- carries the current state; every change is also a ticket_actions row and an event.
CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY,
    number          TEXT    NOT NULL CHECK (length(trim(number)) > 0),
    channel         TEXT    NOT NULL
                    CHECK (channel IN ('hotline', 'digital_city', 'superior', 'walk_in', 'other')),
    received_at     TEXT    NOT NULL CHECK (received_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] *'),
    reporter_name   TEXT    NOT NULL DEFAULT '',
    reporter_phone  TEXT    NOT NULL DEFAULT '',
    anonymous       INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    place           TEXT    NOT NULL CHECK (length(trim(place)) > 0),
    content         TEXT    NOT NULL CHECK (length(trim(content)) > 0),
    -- The reply is due by this day: the dispatcher's date, else computed at intake; NULL when
    -- no working-day calendar covered it (shown as such, never guessed).
    reply_due       TEXT    CHECK (reply_due IS NULL OR
                                   reply_due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    team_code       TEXT    REFERENCES teams (code),
    status          TEXT    NOT NULL DEFAULT 'received'
                    CHECK (status IN ('received', 'assigned', 'replied', 'closed', 'transferred')),
    duplicate_of    INTEGER REFERENCES tickets (id) CHECK (duplicate_of IS NULL OR duplicate_of <> id),
    created_event   INTEGER NOT NULL REFERENCES events (seq),
    UNIQUE (channel, number)
) STRICT;

CREATE INDEX tickets_open_by_due ON tickets (status, reply_due);

CREATE TRIGGER tickets_are_never_deleted BEFORE DELETE ON tickets
BEGIN
    SELECT RAISE(ABORT, 'tickets are never deleted');
END;

-- What was done with a ticket, in order: assignment, reply, callback result, transfer, link.
CREATE TABLE ticket_actions (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    seq       INTEGER NOT NULL CHECK (seq > 0),
    kind      TEXT    NOT NULL CHECK (kind IN ('assign', 'reply', 'callback', 'transfer', 'link')),
    detail    TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq),
    PRIMARY KEY (ticket_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER ticket_actions_are_never_updated BEFORE UPDATE ON ticket_actions
BEGIN
    SELECT RAISE(ABORT, 'ticket actions are never changed');
END;

CREATE TRIGGER ticket_actions_are_never_deleted BEFORE DELETE ON ticket_actions
BEGIN
    SELECT RAISE(ABORT, 'ticket actions are never deleted');
END;
