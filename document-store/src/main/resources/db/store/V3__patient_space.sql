-- Patient space: invitation code, preferred language, opposition receipts, alert choices, advance directives.

-- The invitation code (R1111-28: valid for the 6 weeks, can be regenerated) is never stored: only
-- HMAC-SHA256(key derived from insHashKey, record id || code), so a dump does not let anyone oppose in a person's name.
ALTER TABLE record
    ADD COLUMN invitation_code_hash       bytea CHECK (octet_length(invitation_code_hash) = 32),
    ADD COLUMN invitation_code_expires_at timestamptz,
    ADD COLUMN language                   text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));

-- The proof of opposition, kept after the key is destroyed. code_hash = SHA-256 of the receipt's verification code
-- (80 random bits: a plain hash is enough). identity_escrow is the identity sealed under a key derived from that code,
-- which only the person holds: it lets a mistaken opposition be withdrawn during the window (R1111-28) without the
-- operator keeping anything readable; it is erased at withdrawal or once the window has closed.
CREATE TABLE opposition_receipt (
    id                uuid        PRIMARY KEY,
    record_id         uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    opposed_at        timestamptz NOT NULL,
    window_closes_at  timestamptz NOT NULL,
    code_hash         bytea       NOT NULL CHECK (octet_length(code_hash) = 32),
    identity_escrow   bytea,
    withdrawn_at      timestamptz
);
CREATE INDEX opposition_receipt_by_record ON opposition_receipt (record_id, opposed_at DESC);
-- The erasure of expired escrows looks for these.
CREATE INDEX opposition_receipt_escrow ON opposition_receipt (window_closes_at) WHERE identity_escrow IS NOT NULL;

-- Alerts the patient chose; no row = the defaults (first access by a professional, by SMS).
CREATE TABLE alert_preferences (
    record_id      uuid        PRIMARY KEY REFERENCES record (id) ON DELETE CASCADE,
    every_access   boolean     NOT NULL,
    first_access   boolean     NOT NULL,
    new_document   boolean     NOT NULL,
    channel        text        NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    updated_at     timestamptz NOT NULL
);

-- Advance directives, one row per version (R1111-17: revocable, the latest signed version wins). content is the JSON
-- of the official model sealed with the patient's data key (AAD = purpose, version, record id).
CREATE TABLE advance_directive (
    record_id  uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    version    integer     NOT NULL CHECK (version > 0),
    status     text        NOT NULL CHECK (status IN ('DRAFT', 'SIGNED', 'REVOKED')),
    content    bytea       NOT NULL,
    saved_at   timestamptz NOT NULL,
    signed_at  timestamptz,
    PRIMARY KEY (record_id, version),
    CHECK ((status = 'DRAFT') = (signed_at IS NULL))
);
