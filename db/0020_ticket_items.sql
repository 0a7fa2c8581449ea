-- 0020: the catalog item a complaint concerns, recorded when it is taken in (issue 16: complaints
-- by category). Routing (`intake::routing`) depends on the catalog in force and the bureau's
-- everyday words, both of which change, so what it found is recorded, never recomputed: the
-- version in force on the day of receipt, the item's code in it, and the item's domain (执法领域,
-- what the reports group complaints by, as they group cases by their first item's). All three NULL
-- when no item matched (未归类). Stated by the ticket's `ticket.add` event; never changed.
-- Never edit this file once shipped.

ALTER TABLE tickets ADD COLUMN item_version INTEGER;
ALTER TABLE tickets ADD COLUMN item_code TEXT;
ALTER TABLE tickets ADD COLUMN item_domain TEXT;

-- What the tickets' events state: nothing for tickets an earlier zhifa took in (their events
-- never name an item, so they stay 未归类); a copy that lost these columns gets them back.
UPDATE tickets
SET item_version = json_extract(e.payload, '$.item.version'),
    item_code = json_extract(e.payload, '$.item.code'),
    item_domain = json_extract(e.payload, '$.item.domain')
FROM events e
WHERE e.seq = tickets.created_event AND json_type(e.payload, '$.item') = 'object';

CREATE TRIGGER IF NOT EXISTS ticket_items_are_fixed
BEFORE UPDATE OF item_version, item_code, item_domain ON tickets
BEGIN
    SELECT RAISE(ABORT, 'the item a complaint concerns is recorded at intake, never edited');
END;

-- The reports' covering index of tickets (db/0019), with the domain the complaints are counted
-- by: the fast path still reads no ticket row.
DROP INDEX IF EXISTS tickets_for_reports;
CREATE INDEX IF NOT EXISTS tickets_for_reports
    ON tickets (received_at, team_code, channel, reply_due, status, duplicate_of, item_domain);
