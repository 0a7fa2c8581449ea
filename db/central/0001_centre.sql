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

-- The centre checks what it receives itself, whoever sends it: each batch (one statement, a
-- COPY) is looked at whole after it is written, and refused — the transaction with it — if an
-- event's hash is not the SHA-256 of its own fields (each length-prefixed, as zhifa's store
-- makes it: src/store/events.rs) or it does not follow the station's event before it.
-- Signatures are checked by `zhifa central verify` (Ed25519 is not PostgreSQL's).
CREATE FUNCTION zhifa_event_hash(seq bigint, at text, actor text, terminal text, pid bigint,
                                 kind text, payload text, prev_hash text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(
        int8send(octet_length(seq::text)::bigint) || convert_to(seq::text, 'UTF8') ||
        int8send(octet_length(at)::bigint) || convert_to(at, 'UTF8') ||
        int8send(octet_length(actor)::bigint) || convert_to(actor, 'UTF8') ||
        int8send(octet_length(terminal)::bigint) || convert_to(terminal, 'UTF8') ||
        int8send(octet_length(pid::text)::bigint) || convert_to(pid::text, 'UTF8') ||
        int8send(octet_length(kind)::bigint) || convert_to(kind, 'UTF8') ||
        int8send(octet_length(payload)::bigint) || convert_to(payload, 'UTF8') ||
        int8send(octet_length(prev_hash)::bigint) || convert_to(prev_hash, 'UTF8')), 'hex')
$$;

CREATE FUNCTION zhifa_check_received() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    -- Within the batch each event follows the one before it there (a window over the batch);
    -- only an event whose predecessor is not in the batch is looked up in the table.
    SELECT n.station, n.seq INTO bad
    FROM (SELECT r.*,
                 lag(r.seq)  OVER w AS before_seq,
                 lag(r.hash) OVER w AS before_hash
          FROM received r
          WINDOW w AS (PARTITION BY r.station ORDER BY r.seq)) n
    LEFT JOIN events p
           ON n.before_seq IS NULL AND p.station = n.station AND p.seq = n.seq - 1
    WHERE n.hash <> zhifa_event_hash(n.seq, n.at, n.actor, n.terminal, n.pid, n.kind,
                                     n.payload, n.prev_hash)
       OR n.prev_hash IS DISTINCT FROM
          CASE WHEN n.seq = 1 THEN repeat('0', 64)
               WHEN n.before_seq = n.seq - 1 THEN n.before_hash
               WHEN n.before_seq IS NULL THEN p.hash
          END
    ORDER BY n.station, n.seq
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'station %: event % is not what its hash says or does not follow the one before',
            bad.station, bad.seq;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_are_checked AFTER INSERT ON events
    REFERENCING NEW TABLE AS received
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_check_received();

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
