-- 0011: enforcement documents (执法文书) issued from cases: each issue with its number, the
-- case state it was made from, the SHA-256 of the PDF and its check code; number counters.
-- Never edit this file once shipped: add 0012_….sql instead.

-- Document numbers (文号) are never reused: one counter per kind and year, only ever raised.
CREATE TABLE document_counters (
    kind TEXT    NOT NULL CHECK (length(kind) > 0),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last INTEGER NOT NULL CHECK (last > 0),
    PRIMARY KEY (kind, year)
) STRICT;

CREATE TRIGGER document_numbers_only_go_up BEFORE UPDATE ON document_counters
WHEN NEW.last <= OLD.last
BEGIN
    SELECT RAISE(ABORT, 'document numbers are never reused');
END;

-- One issue of a document: made once, never changed. Printing it again from the same record
-- gives the same file (same digest), so a reprint adds no row.
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    kind           TEXT    NOT NULL CHECK (length(kind) > 0),
    number         TEXT    CHECK (number IS NULL OR length(trim(number)) > 0),
    issued_on      TEXT    NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    -- What the document says (fill, template, layout), and the case as it stood.
    content_sha256 TEXT    NOT NULL CHECK (length(content_sha256) = 64),
    case_stage     TEXT    NOT NULL,
    case_steps     INTEGER NOT NULL CHECK (case_steps >= 0),
    file_sha256    TEXT    NOT NULL UNIQUE CHECK (length(file_sha256) = 64),
    pages          INTEGER NOT NULL CHECK (pages > 0),
    check_code     TEXT    NOT NULL UNIQUE CHECK (length(check_code) = 9),
    issued_by      TEXT    NOT NULL,
    event_seq      INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE INDEX documents_by_case ON documents (case_id, kind);
-- A numbered document's number belongs to one document of one case (the decision's number is
-- the case's, so only that case's decisions may carry it).
CREATE INDEX documents_by_number ON documents (number);

CREATE TRIGGER documents_are_never_changed BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are never changed');
END;

CREATE TRIGGER documents_are_never_deleted BEFORE DELETE ON documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are never deleted');
END;
