-- 0011: each event signed by the officer who made it (Ed25519 over the event's hash, hex), or
-- NULL: made as the OS user (setup, backups, login attempts) or by an account without a key yet.
-- The signing key's public half is in the event that made the account or set its password.
-- Never edit this file once shipped: add 0012_….sql instead.

ALTER TABLE events ADD COLUMN signature TEXT CHECK (signature IS NULL OR length(signature) = 128);

-- The generated histories (benchmarks) whose admin vouches for the events before them.
CREATE INDEX events_generating_history ON events (seq) WHERE kind = 'history.generate';
