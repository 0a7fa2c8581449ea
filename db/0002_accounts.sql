-- 0002: teams and officer accounts.
-- Never edit this file once shipped: add 0003_….sql instead.

-- A team (中队) of the bureau. Teams are referenced by officers (and later by patrols and cases),
-- so they are never deleted.
CREATE TABLE teams (
    code      TEXT    NOT NULL PRIMARY KEY CHECK (length(trim(code)) > 0 AND code = trim(code)),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE TRIGGER teams_are_never_deleted BEFORE DELETE ON teams
BEGIN
    SELECT RAISE(ABORT, 'teams are never deleted');
END;

-- An officer account. The badge number (执法证号) is the login name and the identity every event
-- records, so it never changes and an account is never deleted: it is deactivated instead.
-- The password is an Argon2id PHC string; the plain password is stored nowhere.
CREATE TABLE officers (
    id              INTEGER PRIMARY KEY,
    badge           TEXT    NOT NULL UNIQUE
                    CHECK (length(trim(badge)) > 0 AND badge = trim(badge)
                           AND badge NOT LIKE 'os:%' AND badge NOT LIKE 'system:%'),
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    role            TEXT    NOT NULL
                    CHECK (role IN ('officer', 'auxiliary', 'team_leader', 'legal_reviewer',
                                    'admin', 'auditor')),
    team_code       TEXT    REFERENCES teams (code),
    cert_expiry     TEXT    CHECK (cert_expiry IS NULL OR
                                   cert_expiry GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash   TEXT    NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    created_event   INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE TRIGGER officers_are_never_deleted BEFORE DELETE ON officers
BEGIN
    SELECT RAISE(ABORT, 'officers are never deleted: deactivate the account instead');
END;

CREATE TRIGGER officers_keep_their_badge BEFORE UPDATE OF badge, created_event ON officers
WHEN NEW.badge IS NOT OLD.badge OR NEW.created_event IS NOT OLD.created_event
BEGIN
    SELECT RAISE(ABORT, 'an officer''s badge number and creation record never change');
END;
