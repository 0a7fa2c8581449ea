-- Complaints the bureau's 12345 desk dispatches to a station (docs/CENTRAL.md): the station takes
-- them in on its next sync, as it takes in a feed, and writes back the id its own database gave.
-- A row is delivered once; only that write-back ever changes it, and nothing deletes it.
CREATE TABLE dispatched_tickets (
    id            bigserial   PRIMARY KEY,
    station       text        NOT NULL REFERENCES stations (code),
    number        text        NOT NULL CHECK (length(btrim(number)) > 0),
    channel       text        NOT NULL
                  CHECK (channel IN ('hotline', 'digital_city', 'superior', 'walk_in', 'other')),
    -- China time, as tickets record it.
    received_at   timestamp   NOT NULL,
    place         text        NOT NULL CHECK (length(btrim(place)) > 0),
    content       text        NOT NULL CHECK (length(btrim(content)) > 0),
    reporter_name text        NOT NULL DEFAULT '',
    reporter_phone text       NOT NULL DEFAULT '',
    anonymous     boolean     NOT NULL DEFAULT false,
    due           date,
    dispatched_at timestamptz NOT NULL DEFAULT now(),
    delivered_at  timestamptz,
    local_id      bigint      CHECK (local_id > 0),
    UNIQUE (station, number),
    CHECK ((delivered_at IS NULL) = (local_id IS NULL))
);

CREATE INDEX dispatched_waiting ON dispatched_tickets (station, id) WHERE delivered_at IS NULL;

-- Delivered is final: the write-back happens once, and what was dispatched never changes.
CREATE FUNCTION zhifa_dispatch_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'dispatched tickets are never deleted';
    END IF;
    IF OLD.delivered_at IS NOT NULL
       OR (NEW.station, NEW.number, NEW.channel, NEW.received_at, NEW.place, NEW.content,
           NEW.reporter_name, NEW.reporter_phone, NEW.anonymous, NEW.due, NEW.dispatched_at)
          IS DISTINCT FROM
          (OLD.station, OLD.number, OLD.channel, OLD.received_at, OLD.place, OLD.content,
           OLD.reporter_name, OLD.reporter_phone, OLD.anonymous, OLD.due, OLD.dispatched_at) THEN
        RAISE EXCEPTION 'dispatched ticket % is delivered or its content would change', OLD.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER dispatched_tickets_guard BEFORE UPDATE OR DELETE ON dispatched_tickets
    FOR EACH ROW EXECUTE FUNCTION zhifa_dispatch_guard();
