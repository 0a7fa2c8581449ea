-- Working-day calendar years a city admin published at the centre (docs/CENTRAL.md, "The
-- working-day calendar handed down"): every station takes each year in on its next sync, as if
-- its own admin had loaded the file (`zhifa calendar import`). The file is kept as published
-- (the TOML of docs/calendar-format.md) with its SHA-256 (checked by the table itself), and the
-- SHA-256 of its days (`days_sha256`: the dates off and the make-up working days), so that the
-- same days are never published twice for a year.
--
-- A year may be published again with other days: a correction, as the State Council corrects
-- its arrangement (全国年节及纪念日放假办法 art. 7). Each publication of a year has the next
-- `revision`; a station takes the latest one that is signed by its publisher. Published is
-- final: nothing here is ever changed or deleted, a correction is a new row.
--
-- Signed from the first row (unlike published_catalogs, which predates signing): the admin's
-- Ed25519 signature (hex) of the publication's statement (year, revision, file name, the text's
-- SHA-256, badge, station, published_at, through_seq), the public half of the key, and
-- `through_seq`: the publisher station's last event the centre held, whose account events give
-- the publisher's key.
CREATE TABLE published_calendars (
    id                bigserial   PRIMARY KEY,
    year              integer     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    revision          integer     NOT NULL CHECK (revision > 0),
    -- The notice it transcribes (the file's `source`), for lists.
    source            text        NOT NULL DEFAULT '',
    source_name       text        NOT NULL,
    calendar_text     text        NOT NULL CHECK (length(calendar_text) > 0),
    sha256            text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    days_sha256       text        NOT NULL CHECK (days_sha256 ~ '^[0-9a-f]{64}$'),
    days_off          integer     NOT NULL CHECK (days_off >= 0),
    make_up_days      integer     NOT NULL CHECK (make_up_days >= 0),
    published_by      text        NOT NULL CHECK (published_by ~ '^[^\s/]+$'),
    published_station text        NOT NULL CHECK (published_station ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    published_at      timestamptz NOT NULL DEFAULT now(),
    signature         text        NOT NULL CHECK (signature ~ '^[0-9a-f]{128}$'),
    signing_key       text        NOT NULL CHECK (signing_key ~ '^[0-9a-f]{64}$'),
    through_seq       bigint      NOT NULL CHECK (through_seq > 0),
    UNIQUE (year, revision),
    CHECK (sha256 = encode(sha256(convert_to(calendar_text, 'UTF8')), 'hex'))
);

CREATE FUNCTION zhifa_published_calendar_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published calendar year is never changed or deleted';
END;
$$;

CREATE TRIGGER published_calendars_are_final BEFORE UPDATE OR DELETE ON published_calendars
    FOR EACH ROW EXECUTE FUNCTION zhifa_published_calendar_is_final();

CREATE TRIGGER published_calendars_are_never_truncated BEFORE TRUNCATE ON published_calendars
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_published_calendar_is_final();
