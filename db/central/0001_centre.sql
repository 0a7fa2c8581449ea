-- The centre (PostgreSQL 15+, docs/CENTRAL.md): every station's events, as each station pushed
-- them. Never edit this file once shipped: add 0002_….sql instead.

-- Each station once: its code, and the hash of its database's first event, so that no two
-- databases push as one station and no database pushes under two codes. The head is the last
-- event received: the centre's witness of every station's history.
CREATE TABLE stations (
    code          text        PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    name          text        NOT NULL CHECK (length(btrim(name)) > 0),
    genesis_hash  text        NOT NULL UNIQUE CHECK (genesis_hash ~ '^[0-9a-f]{64}$'),
    registered_at timestamptz NOT NULL DEFAULT now(),
    head_seq      bigint      NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash     text        NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
    last_push_at  timestamptz
);

-- A station's events exactly as its file holds them (the hash covers every field but the
-- signature, which signs the hash), numbered as there; received_at is the centre's own clock,
-- never the station's.
CREATE TABLE events (
    station     text        NOT NULL REFERENCES stations (code),
    seq         bigint      NOT NULL CHECK (seq > 0),
    at          text        NOT NULL,
    actor       text        NOT NULL,
    terminal    text        NOT NULL,
    pid         bigint      NOT NULL,
    kind        text        NOT NULL,
    payload     text        NOT NULL,
    prev_hash   text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash        text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    signature   text        CHECK (signature ~ '^[0-9a-f]{128}$'),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station, seq)
);

CREATE INDEX events_by_kind ON events (station, kind, seq);

-- What was received is never changed or taken back.
CREATE FUNCTION zhifa_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events at the centre are never changed or deleted';
END;
$$;

CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION zhifa_refuse_change();

CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_refuse_change();

-- A station's head only moves forward.
CREATE FUNCTION zhifa_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.head_seq < OLD.head_seq OR NEW.genesis_hash <> OLD.genesis_hash
       OR NEW.code <> OLD.code THEN
        RAISE EXCEPTION 'a station''s head only moves forward';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER stations_head_moves_forward BEFORE UPDATE ON stations
    FOR EACH ROW EXECUTE FUNCTION zhifa_head_moves_forward();
