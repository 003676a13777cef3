-- Passkeys (WebAuthn credentials) a patient registered after a first login by one-time code.
-- credential_id: the authenticator's credential id, base64url (unique across all records, as WebAuthn requires).
-- user_handle:   the WebAuthn user.id given to authenticators: 32 random bytes, base64url, one per record. Never the
--                INS nor anything derived from it: authenticators and browsers may show or sync it.
-- public_key:    the credential's COSE public key (not secret; kept clear so a login needs no key unwrapping first).
-- sign_count:    the authenticator's signature counter; a login must present a greater one (or 0 for authenticators
--                that do not count), otherwise the credential may have been cloned and the login is refused.
-- owner:         the INS sealed with the record's data key (AAD = purpose, record id): it opens the session after a
--                passkey login, and destroying the key (opposition, purge) makes every passkey useless at once.
CREATE TABLE passkey (
    credential_id  text        PRIMARY KEY CHECK (length(credential_id) BETWEEN 16 AND 1400
                                          AND credential_id ~ '^[A-Za-z0-9_-]+$'),
    record_id      uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    user_handle    text        NOT NULL CHECK (user_handle ~ '^[A-Za-z0-9_-]{43}$'),
    public_key     bytea       NOT NULL,
    sign_count     bigint      NOT NULL CHECK (sign_count >= 0),
    aaguid         text,
    transports     text[]      NOT NULL DEFAULT '{}',
    owner          bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz
);
CREATE INDEX passkey_by_record ON passkey (record_id, created_at);
CREATE INDEX passkey_by_user_handle ON passkey (user_handle);
