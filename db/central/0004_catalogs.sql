-- Catalog versions a city admin published at the centre (docs/CENTRAL.md): every station takes
-- each in on its next sync, as a version of its own with this label, effective date and items,
-- and it switches on there on its effective date. The file as read is kept as the canonical JSON
-- `zhifa catalog export` writes (whatever the published file's format was), with its SHA-256, and
-- the SHA-256 of the items as a station's store computes it (`items_sha256`), so a station tells
-- whether the version it holds under a label is this one without reading the text.
-- Published is final: nothing here is ever changed or deleted.
CREATE TABLE published_catalogs (
    id                bigserial   PRIMARY KEY,
    label             text        NOT NULL UNIQUE CHECK (length(btrim(label)) > 0
                                                         AND label = btrim(label)),
    doc_no            text        NOT NULL DEFAULT '',
    -- One version a day at most; each later than the one published before it (checked by
    -- `zhifa central catalog publish` under a lock, as a station checks its own versions).
    effective         date        NOT NULL UNIQUE,
    -- The file the admin published (its name and the SHA-256 of its bytes, as a local import
    -- records them).
    source_name       text        NOT NULL,
    source_sha256     text        NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
    catalog_json      text        NOT NULL,
    sha256            text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    items_sha256      text        NOT NULL CHECK (items_sha256 ~ '^[0-9a-f]{64}$'),
    item_count        integer     NOT NULL CHECK (item_count > 0),
    -- The admin who published it: their badge, checked at their own station, and its code.
    published_by      text        NOT NULL CHECK (published_by ~ '^[^\s/]+$'),
    published_station text        NOT NULL CHECK (published_station ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    published_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (sha256 = encode(sha256(convert_to(catalog_json, 'UTF8')), 'hex'))
);

CREATE FUNCTION zhifa_published_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published catalog version is never changed or deleted';
END;
$$;

CREATE TRIGGER published_catalogs_are_final BEFORE UPDATE OR DELETE ON published_catalogs
    FOR EACH ROW EXECUTE FUNCTION zhifa_published_is_final();

CREATE TRIGGER published_catalogs_are_never_truncated BEFORE TRUNCATE ON published_catalogs
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_published_is_final();
