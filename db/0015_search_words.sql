-- 0011: what a bureau teaches search: its own everyday words (added to the shipped lexicon).
-- Never edit this file once shipped: add 0012_….sql instead. (IF NOT EXISTS: a database that
-- already holds these tables, e.g. a backup whose schema version was set back to test an
-- upgrade, takes this migration without error.)

-- The lexicon file an admin loaded last (the format of docs/SEARCH.md), re-read with the same
-- parser on top of the shipped lexicon. Loading again replaces it (an empty file clears the
-- additions); the `search.lexicon_load` event of every load keeps the whole text, so each
-- version stays on record.
CREATE TABLE IF NOT EXISTS search_lexicon (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    file_name TEXT    NOT NULL CHECK (length(file_name) > 0),
    file_text TEXT    NOT NULL,
    sha256    TEXT    NOT NULL CHECK (length(sha256) = 64),
    entries   INTEGER NOT NULL CHECK (entries >= 0),
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE TRIGGER IF NOT EXISTS search_lexicon_is_never_deleted BEFORE DELETE ON search_lexicon
BEGIN
    SELECT RAISE(ABORT, 'the search lexicon is replaced, never deleted');
END;

-- What officers chose after which words: an item opened from a search, per query (its
-- normalised words, docs/SEARCH.md), counted. Such items come first the next time the same
-- words are searched on this station. Each choice is a `search.choice` event; an admin clears
-- them all (`search.choices_cleared`), which deletes the rows.
CREATE TABLE IF NOT EXISTS search_choices (
    words      TEXT    NOT NULL CHECK (length(words) BETWEEN 1 AND 64),
    code       TEXT    NOT NULL CHECK (length(code) > 0),
    times      INTEGER NOT NULL CHECK (times > 0),
    last_event INTEGER NOT NULL REFERENCES events (seq),
    PRIMARY KEY (words, code)
) STRICT;

CREATE INDEX IF NOT EXISTS search_choices_by_event ON search_choices (last_event);
