-- 0001: the event log (hash chain) and the versioned catalog.
-- Never edit this file once shipped: add 0002_….sql instead.

-- Every change is an attributed event, appended in the same transaction as the change.
-- Each event carries the SHA-256 of its predecessor, so an edit, a deletion or a reordering
-- anywhere breaks the chain from that point on.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
    at        TEXT    NOT NULL CHECK (at LIKE '____-__-__T__:__:__%Z'),
    actor     TEXT    NOT NULL CHECK (length(actor) > 0),
    terminal  TEXT    NOT NULL,
    pid       INTEGER NOT NULL CHECK (pid >= 0),
    kind      TEXT    NOT NULL CHECK (length(kind) > 0),
    payload   TEXT    NOT NULL CHECK (json_valid(payload)),
    prev_hash TEXT    NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;

-- A catalog version. The version in force on a day is the one with the latest effective date on
-- or before it; effective dates are unique, so versions never overlap and never leave a gap.
CREATE TABLE catalog_versions (
    id            INTEGER PRIMARY KEY,
    label         TEXT    NOT NULL UNIQUE CHECK (length(trim(label)) > 0),
    doc_no        TEXT    NOT NULL,
    effective     TEXT    NOT NULL UNIQUE
                  CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    source_name   TEXT    NOT NULL,
    source_sha256 TEXT    NOT NULL CHECK (length(source_sha256) = 64),
    imported_by   TEXT    NOT NULL CHECK (length(imported_by) > 0),
    imported_at   TEXT    NOT NULL,
    item_count    INTEGER NOT NULL CHECK (item_count >= 0),
    items_sha256  TEXT    NOT NULL CHECK (length(items_sha256) = 64),
    event_seq     INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

-- Items of a version: the columns that search, filters and lists read, kept narrow so that loading
-- a 100k-item version for search reads little. The full item is in catalog_item_bodies.
CREATE TABLE catalog_items (
    version_id    INTEGER NOT NULL REFERENCES catalog_versions (id),
    ordinal       INTEGER NOT NULL CHECK (ordinal >= 0),
    code          TEXT    NOT NULL CHECK (length(code) > 0),
    name          TEXT    NOT NULL CHECK (length(name) > 0),
    power_type    TEXT    NOT NULL
                  CHECK (power_type IN ('行政处罚', '行政检查', '行政强制措施', '行政强制执行', '其他')),
    domain        TEXT    NOT NULL,
    department    TEXT    NOT NULL,
    scope         TEXT    NOT NULL CHECK (json_valid(scope) AND json_type(scope) = 'array'),
    laws          TEXT    NOT NULL CHECK (json_valid(laws) AND json_type(laws) = 'array'),
    fine_min      INTEGER CHECK (fine_min IS NULL OR fine_min >= 0),
    fine_max      INTEGER CHECK (fine_max IS NULL OR fine_max >= 0),
    -- Clustered by (version, published order): loading a version is one sequential range scan.
    PRIMARY KEY (version_id, ordinal),
    UNIQUE (version_id, code),
    CHECK (fine_min IS NULL OR fine_max IS NULL OR fine_min <= fine_max)
) STRICT, WITHOUT ROWID;

-- The canonical JSON of each item (what export writes back, exactly as imported).
CREATE TABLE catalog_item_bodies (
    version_id    INTEGER NOT NULL,
    ordinal       INTEGER NOT NULL,
    body          TEXT    NOT NULL CHECK (json_valid(body)),
    UNIQUE (version_id, ordinal),
    FOREIGN KEY (version_id, ordinal) REFERENCES catalog_items (version_id, ordinal)
) STRICT;

-- Published versions are evidence: a case cites an item as it stood when the case was filed.
CREATE TRIGGER catalog_versions_are_immutable_update BEFORE UPDATE ON catalog_versions
BEGIN
    SELECT RAISE(ABORT, 'catalog versions are immutable once imported');
END;

CREATE TRIGGER catalog_versions_are_immutable_delete BEFORE DELETE ON catalog_versions
BEGIN
    SELECT RAISE(ABORT, 'catalog versions are immutable once imported');
END;

CREATE TRIGGER catalog_items_are_immutable_update BEFORE UPDATE ON catalog_items
BEGIN
    SELECT RAISE(ABORT, 'catalog items are immutable once imported');
END;

CREATE TRIGGER catalog_items_are_immutable_delete BEFORE DELETE ON catalog_items
BEGIN
    SELECT RAISE(ABORT, 'catalog items are immutable once imported');
END;

CREATE TRIGGER catalog_item_bodies_are_immutable_update BEFORE UPDATE ON catalog_item_bodies
BEGIN
    SELECT RAISE(ABORT, 'catalog items are immutable once imported');
END;

CREATE TRIGGER catalog_item_bodies_are_immutable_delete BEFORE DELETE ON catalog_item_bodies
BEGIN
    SELECT RAISE(ABORT, 'catalog items are immutable once imported');
END;
