-- Accounts a city admin publishes at the centre for one station (docs/CENTRAL.md, "Accounts
-- handed down"): the station takes each publication in on its next sync, in revision order, as
-- the account event its own admin would have written (`officer.add`, `officer.password_set`,
-- `officer.deactivate`), under the publisher.
--
-- Each row is one revision of one badge at one station: 1 adds the account (who it is: name,
-- role, team, certificate expiry), later ones set a new password (the bureau resetting it) or
-- deactivate it. `credential` is the Argon2id verifier (the PHC string of the store's
-- `password::make`, the very string the station's row keeps) and `officer_key` the public half of
-- the Ed25519 key drawn from the same run; a deactivation carries neither.
--
-- Signed from the first row, as calendars are: the admin's Ed25519 signature (hex) of the
-- publication's statement (station, badge, revision, what, name, role, team, certificate expiry,
-- the SHA-256 witness of `credential`, `officer_key`, badge and station of the publisher,
-- published_at, through_seq), the public half of the publisher's key (`signing_key`), and
-- `through_seq`: the publisher station's last event the centre held, whose account events give
-- the publisher's key. Published is final: nothing here is ever changed or deleted.
CREATE TABLE published_accounts (
    id                bigserial   PRIMARY KEY,
    station           text        NOT NULL CHECK (station ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    badge             text        NOT NULL CHECK (badge ~ '^[^\s/]+$'),
    revision          integer     NOT NULL CHECK (revision > 0),
    what              text        NOT NULL CHECK (what IN ('add', 'password', 'deactivate')),
    name              text,
    role              text        CHECK (role IN ('officer', 'auxiliary', 'team_leader', 'head',
                                                  'legal_reviewer', 'admin', 'auditor')),
    team              text,
    cert_expiry       date,
    credential        text        CHECK (credential LIKE '$argon2id$%'),
    officer_key       text        CHECK (officer_key ~ '^[0-9a-f]{64}$'),
    published_by      text        NOT NULL CHECK (published_by ~ '^[^\s/]+$'),
    published_station text        NOT NULL CHECK (published_station ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    published_at      timestamptz NOT NULL DEFAULT now(),
    signature         text        NOT NULL CHECK (signature ~ '^[0-9a-f]{128}$'),
    signing_key       text        NOT NULL CHECK (signing_key ~ '^[0-9a-f]{64}$'),
    through_seq       bigint      NOT NULL CHECK (through_seq > 0),
    UNIQUE (station, badge, revision),
    -- Who the account is, only when it is added; a credential unless it is deactivated.
    CHECK ((what = 'add') = (name IS NOT NULL AND role IS NOT NULL)),
    CHECK (what = 'add' OR (team IS NULL AND cert_expiry IS NULL)),
    CHECK ((what = 'deactivate') = (credential IS NULL AND officer_key IS NULL)),
    CHECK ((credential IS NULL) = (officer_key IS NULL)),
    -- The first revision adds the account, no later one does.
    CHECK ((what = 'add') = (revision = 1))
);

CREATE FUNCTION zhifa_published_account_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published account is never changed or deleted';
END;
$$;

CREATE TRIGGER published_accounts_are_final BEFORE UPDATE OR DELETE ON published_accounts
    FOR EACH ROW EXECUTE FUNCTION zhifa_published_account_is_final();

CREATE TRIGGER published_accounts_are_never_truncated BEFORE TRUNCATE ON published_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION zhifa_published_account_is_final();
