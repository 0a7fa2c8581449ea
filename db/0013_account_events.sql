-- 0012: the events that make and change accounts, read in full at every start and before every
-- write on an officer's authority (store/verify/account_check.rs).
-- Never edit this file once shipped: add 0013_….sql instead.

CREATE INDEX events_of_accounts ON events (seq) WHERE kind GLOB 'officer.*';
