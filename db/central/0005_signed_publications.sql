-- Publications signed by their publisher (docs/CENTRAL.md, "Catalogs handed down"): the admin's
-- Ed25519 signature (hex) of the publication's statement (label, effective date, document number,
-- the SHA-256 of the text and of the items, badge, station, published_at, through_seq), the public
-- half of the key that made it, and `through_seq`: the publisher station's last event the centre
-- held when it was published, whose account events (`officer.*`) give the publisher's key. A
-- station takes a publication in only when the signature verifies and the key is the one those
-- events give an active admin of that badge. Rows published before this migration have none and
-- are not taken in. Published rows stay final (0004's triggers; adding columns is no update).
ALTER TABLE published_catalogs
    ADD COLUMN signature   text   CHECK (signature ~ '^[0-9a-f]{128}$'),
    ADD COLUMN signing_key text   CHECK (signing_key ~ '^[0-9a-f]{64}$'),
    ADD COLUMN through_seq bigint CHECK (through_seq > 0);

-- What a station reads to check a publisher: one station's account events, in order.
CREATE INDEX events_accounts ON events (station, seq) WHERE kind LIKE 'officer.%';
