-- 0010: what `zhifa verify` needs to replay the log on years of history.
-- Never edit this file once shipped: add 0011_….sql instead.

-- The replay finds each ticket by the event that created it (one event, one ticket).
CREATE UNIQUE INDEX tickets_by_created_event ON tickets (created_event);
