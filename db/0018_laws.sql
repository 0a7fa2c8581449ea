-- 0017: law texts an admin loaded (docs/LAWS.md), one row per law and effective date.
-- Never edit this file once shipped: add 0018_….sql instead. (IF NOT EXISTS: a database that
-- already holds these tables, e.g. a backup whose schema version was set back to test an
-- upgrade, takes this migration without error.)

-- The file as loaded (markdown: `# title`, chapters, 第X条 …), re-read with the same parser.
-- Several versions of one law are kept, each by the day it came into force; the version in
-- force on a day is the one with the latest effective date on or before it. The same law and
-- date loaded again replaces its row; the `law.load` event of every load keeps the whole text,
-- so each text stays on record.
CREATE TABLE IF NOT EXISTS law_versions (
    law_key   TEXT    NOT NULL CHECK (length(law_key) > 0),
    effective TEXT    NOT NULL
              CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    title     TEXT    NOT NULL CHECK (length(title) > 0),
    file_name TEXT    NOT NULL CHECK (length(file_name) > 0),
    file_text TEXT    NOT NULL CHECK (length(file_text) > 0),
    sha256    TEXT    NOT NULL CHECK (length(sha256) = 64),
    articles  INTEGER NOT NULL CHECK (articles > 0),
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq),
    PRIMARY KEY (law_key, effective)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS law_versions_are_never_deleted BEFORE DELETE ON law_versions
BEGIN
    SELECT RAISE(ABORT, 'law versions are replaced, never deleted');
END;

-- The articles a case cites, frozen when it was opened: the whole text of each article (条) its
-- items cite, as the law version in force on the day of the act had it (APL art. 37), when that
-- law's text was loaded. The `case.open` event carries every value; never changed or deleted.
-- Cases opened before, or citing laws not loaded, have none.
CREATE TABLE IF NOT EXISTS case_articles (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    ordinal   INTEGER NOT NULL CHECK (ordinal >= 0),
    law_key   TEXT    NOT NULL CHECK (length(law_key) > 0),
    title     TEXT    NOT NULL CHECK (length(title) > 0),
    effective TEXT    NOT NULL
              CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    number    INTEGER NOT NULL CHECK (number > 0),
    sub       INTEGER NOT NULL DEFAULT 0 CHECK (sub >= 0),
    text      TEXT    NOT NULL CHECK (length(text) > 0),
    PRIMARY KEY (case_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS case_articles_are_fixed BEFORE UPDATE ON case_articles
BEGIN
    SELECT RAISE(ABORT, 'the articles a case cites are frozen');
END;

CREATE TRIGGER IF NOT EXISTS case_articles_are_never_deleted BEFORE DELETE ON case_articles
BEGIN
    SELECT RAISE(ABORT, 'the articles a case cites are never deleted');
END;
