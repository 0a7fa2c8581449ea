-- 0010: a database role per station (docs/CENTRAL.md, "A database role per station"). Until now
-- every station connected as one user who could read and write every station's rows: a stolen
-- station machine's config.toml opened every party's records county-wide. A role named here is
-- one station's: row-level security lets it read and write only that station's rows (its events,
-- head, open cases, report facts, the complaints dispatched to it, the accounts published for
-- it), read the publications every station takes in, and publish only under its own code.
--
-- The bureau's own connection (the owner of these tables, who applies migrations) is not subject
-- to row-level security: `zhifa --central` reads and `central verify` over every station keep
-- working as before, and a centre where no role is named works exactly as before.
--
-- Roles are PostgreSQL's own (`createuser --pwprompt kf_station`): zhifa never sees their
-- passwords. `zhifa central role grant ROLE --station CODE`, run by the owner, names the role here and
-- grants what a station's sync needs (`zhifa_grant_station` below).

CREATE TABLE station_roles (
    role       name        PRIMARY KEY,
    station    text        NOT NULL CHECK (station ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    granted_at timestamptz NOT NULL DEFAULT now()
);

-- Every role may see which station it is (and so may every other: the names are not secret).
GRANT SELECT ON station_roles TO PUBLIC;

-- The station of the role this statement runs as; NULL for a role not named here (the owner
-- bypasses row-level security anyway). Policies call it as `(SELECT zhifa_own_station())`: a
-- sub-select is worked out once per statement and then compared like a constant, so the indexes
-- on station serve; called bare, a function whose body reads a table may run once per row.
CREATE FUNCTION zhifa_own_station() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT station FROM station_roles WHERE role = current_user
$$;

-- What belongs to one station: its rows only, to read and to write.
ALTER TABLE stations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON stations
    USING (code = (SELECT zhifa_own_station())) WITH CHECK (code = (SELECT zhifa_own_station()));

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON events
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE open_cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON open_cases
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE open_cases_pushed ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON open_cases_pushed
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE dispatched_tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON dispatched_tickets
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_patrols ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_patrols
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_reinspections ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_reinspections
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_tickets
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_cases
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_officers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_officers
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_names ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_names
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_calendars ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_calendars
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

ALTER TABLE report_facts_pushed ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_station ON report_facts_pushed
    USING (station = (SELECT zhifa_own_station())) WITH CHECK (station = (SELECT zhifa_own_station()));

-- The check of each received batch (0001), its predecessor looked up as a sub-select: only for
-- an event whose predecessor is not in the batch (a batch's first), one index lookup each. The
-- join it replaces was planned, under a role's policy (station = one value), as a merge on
-- station alone: every event of the batch against every event of the station, 86 s for a batch
-- of 5,000 after 70,000 events. The same check, the same refusals.
CREATE OR REPLACE FUNCTION zhifa_check_received() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.station, n.seq INTO bad
    FROM (SELECT r.*,
                 lag(r.seq)  OVER w AS before_seq,
                 lag(r.hash) OVER w AS before_hash
          FROM received r
          WINDOW w AS (PARTITION BY r.station ORDER BY r.seq)) n
    WHERE n.hash <> zhifa_event_hash(n.seq, n.at, n.actor, n.terminal, n.pid, n.kind,
                                     n.payload, n.prev_hash)
       OR n.prev_hash IS DISTINCT FROM
          CASE WHEN n.seq = 1 THEN repeat('0', 64)
               WHEN n.before_seq = n.seq - 1 THEN n.before_hash
               WHEN n.before_seq IS NULL THEN
                   (SELECT p.hash FROM events p WHERE p.station = n.station AND p.seq = n.seq - 1)
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

-- Publications: catalogs and calendars are every station's to read; a station publishes only
-- under its own code (the signature and the station's `[central] publishers` judge the rest).
ALTER TABLE published_catalogs ENABLE ROW LEVEL SECURITY;
CREATE POLICY every_station_reads ON published_catalogs FOR SELECT USING (true);
CREATE POLICY publishes_as_itself ON published_catalogs FOR INSERT
    WITH CHECK (published_station = (SELECT zhifa_own_station()));

ALTER TABLE published_calendars ENABLE ROW LEVEL SECURITY;
CREATE POLICY every_station_reads ON published_calendars FOR SELECT USING (true);
CREATE POLICY publishes_as_itself ON published_calendars FOR INSERT
    WITH CHECK (published_station = (SELECT zhifa_own_station()));

-- An account's revisions hold its verifier: only the station it is for, and the station that
-- published it, read them.
ALTER TABLE published_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY for_or_by_own_station ON published_accounts FOR SELECT
    USING (station = (SELECT zhifa_own_station()) OR published_station = (SELECT zhifa_own_station()));
CREATE POLICY publishes_as_itself ON published_accounts FOR INSERT
    WITH CHECK (published_station = (SELECT zhifa_own_station()));

-- A station taking in a publication checks the publisher's key from the publisher station's
-- account events (crates/sync/src/publisher.rs), which row-level security hides from it: this
-- function, run as the owner, gives a station's account events (each with the hash of the event
-- before it) only when that station has published something.
CREATE FUNCTION zhifa_publisher_account_events(publisher text, through bigint)
RETURNS TABLE (seq bigint, at text, actor text, terminal text, pid bigint, kind text,
               payload text, prev_hash text, hash text, signature text, before_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT e.seq, e.at, e.actor, e.terminal, e.pid, e.kind, e.payload, e.prev_hash, e.hash,
           e.signature, b.hash
    FROM events e LEFT JOIN events b ON b.station = e.station AND b.seq = e.seq - 1
    WHERE e.station = publisher AND e.seq <= through AND e.kind LIKE 'officer.%'
      AND (EXISTS (SELECT 1 FROM published_catalogs WHERE published_station = publisher)
           OR EXISTS (SELECT 1 FROM published_calendars WHERE published_station = publisher)
           OR EXISTS (SELECT 1 FROM published_accounts WHERE published_station = publisher))
    ORDER BY e.seq
$$;

-- Names ROLE as STATION's and grants what its sync needs; run by the owner. A role that bypasses
-- row-level security (a superuser, or BYPASSRLS) is refused: it would read every station anyway.
CREATE FUNCTION zhifa_grant_station(who name, code text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    held text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
        RAISE EXCEPTION 'no database role "%": create it first (createuser --pwprompt %)', who, who;
    END IF;
    IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = who) THEN
        RAISE EXCEPTION 'database role "%" is a superuser or bypasses row-level security: it would read every station', who;
    END IF;
    SELECT station INTO held FROM station_roles WHERE role = who;
    IF held IS NOT NULL AND held <> code THEN
        RAISE EXCEPTION 'database role "%" is already station %''s', who, held;
    END IF;
    INSERT INTO station_roles (role, station) VALUES (who, code) ON CONFLICT (role) DO NOTHING;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), who);
    EXECUTE format('GRANT SELECT ON zhifa_schema TO %I', who);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON stations TO %I', who);
    EXECUTE format('GRANT SELECT, INSERT ON events TO %I', who);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON open_cases, open_cases_pushed, '
                   'report_patrols, report_reinspections, report_tickets, report_cases, '
                   'report_officers, report_names, report_calendars, report_facts_pushed TO %I', who);
    EXECUTE format('GRANT SELECT, UPDATE ON dispatched_tickets TO %I', who);
    EXECUTE format('GRANT SELECT, INSERT ON published_catalogs, published_calendars, '
                   'published_accounts TO %I', who);
    EXECUTE format('GRANT USAGE ON SEQUENCE published_catalogs_id_seq, published_calendars_id_seq, '
                   'published_accounts_id_seq TO %I', who);
    EXECUTE format('GRANT EXECUTE ON FUNCTION zhifa_publisher_account_events(text, bigint) TO %I',
                   who);
END $$;

-- Takes the role's station away and every grant with it.
CREATE FUNCTION zhifa_revoke_station(who name) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM station_roles WHERE role = who) THEN
        RETURN false;
    END IF;
    DELETE FROM station_roles WHERE role = who;
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', current_schema(), who);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', current_schema(), who);
    EXECUTE format('REVOKE ALL ON FUNCTION zhifa_publisher_account_events(text, bigint) FROM %I',
                   who);
    RETURN true;
END $$;

-- The function is the owner's: no one else reads another station's account events through it
-- unless granted.
REVOKE ALL ON FUNCTION zhifa_publisher_account_events(text, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION zhifa_grant_station(name, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION zhifa_revoke_station(name) FROM PUBLIC;
