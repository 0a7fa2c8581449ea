-- 0011: the bureau's responsible head (行政机关负责人, role 'head'), who decides cases after their
-- investigation (APL art. 57) and gives the approvals the law reserves to the head.
-- Never edit this file once shipped.
--
-- SQLite cannot change a CHECK in place: the officers table is rebuilt with the same columns,
-- rows, constraints and triggers, its CHECK listing the seventh role. No table references
-- officers by foreign key, and DROP TABLE fires no triggers.

CREATE TABLE officers_0011 (
    id              INTEGER PRIMARY KEY,
    badge           TEXT    NOT NULL UNIQUE
                    CHECK (length(trim(badge)) > 0 AND badge = trim(badge)
                           AND badge NOT LIKE 'os:%' AND badge NOT LIKE 'system:%'),
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    role            TEXT    NOT NULL
                    CHECK (role IN ('officer', 'auxiliary', 'team_leader', 'head',
                                    'legal_reviewer', 'admin', 'auditor')),
    team_code       TEXT    REFERENCES teams (code),
    cert_expiry     TEXT    CHECK (cert_expiry IS NULL OR
                                   cert_expiry GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash   TEXT    NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    created_event   INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

INSERT INTO officers_0011 SELECT * FROM officers;
DROP TABLE officers;
ALTER TABLE officers_0011 RENAME TO officers;

CREATE TRIGGER officers_are_never_deleted BEFORE DELETE ON officers
BEGIN
    SELECT RAISE(ABORT, 'officers are never deleted: deactivate the account instead');
END;

CREATE TRIGGER officers_keep_their_badge BEFORE UPDATE OF badge, created_event ON officers
WHEN NEW.badge IS NOT OLD.badge OR NEW.created_event IS NOT OLD.created_event
BEGIN
    SELECT RAISE(ABORT, 'an officer''s badge number and creation record never change');
END;
