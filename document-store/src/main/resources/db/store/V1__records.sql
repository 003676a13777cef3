-- Record store schema. Every table that holds a patient's data carries record_id so that it can be hash-partitioned
-- by patient later (PARTITION BY HASH (record_id)) without changing a query: all hot-path queries filter on it or
-- reach it through a document id. See docs/ARCHITECTURE.md.

-- One row per person. The INS itself is never stored: lookups go through ins_hash = HMAC-SHA256(insHashKey, INS).
-- wrapped_key is the patient's data key wrapped by the master key (AES-256-GCM, AAD = record id); setting it to NULL
-- destroys the record's content for good (crypto-shredding) while keeping the row as proof of opposition/closing.
CREATE TABLE record (
    id                     uuid        PRIMARY KEY,
    ins_hash               bytea       NOT NULL UNIQUE CHECK (octet_length(ins_hash) = 32),
    state                  text        NOT NULL CHECK (state IN ('INVITED', 'ACTIVE', 'CLOSED', 'OPPOSED', 'PURGED')),
    invited_at             timestamptz,
    opposition_deadline    timestamptz,
    closed_at              timestamptz,
    deletion_requested_at  timestamptz,
    wrapped_key            bytea,
    master_key_id          smallint    NOT NULL DEFAULT 1,
    identity               bytea,      -- names, birth date, sex, phone, email: one blob encrypted with the data key
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK (wrapped_key IS NOT NULL OR state IN ('OPPOSED', 'PURGED'))
);
-- The activation scheduler (later issue) looks for INVITED records whose deadline passed.
CREATE INDEX record_invited_deadline ON record (opposition_deadline) WHERE state = 'INVITED';

-- The patient's choices that consent rules read. Masking is per document (document.masked).
CREATE TABLE consent_settings (
    record_id                 uuid        PRIMARY KEY REFERENCES record (id) ON DELETE CASCADE,
    treating_doctor           text        CHECK (treating_doctor ~ '^[0-9]{11}$'),
    emergency_access_opposed  boolean     NOT NULL DEFAULT false,
    updated_at                timestamptz NOT NULL
);

CREATE TABLE blocked_professional (
    record_id   uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    rpps        text        NOT NULL CHECK (rpps ~ '^[0-9]{11}$'),
    blocked_at  timestamptz NOT NULL,
    PRIMARY KEY (record_id, rpps)
);

-- Occupational physicians the patient expressly consented to (L1111-17 IV).
CREATE TABLE express_consent (
    record_id   uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    rpps        text        NOT NULL CHECK (rpps ~ '^[0-9]{11}$'),
    granted_at  timestamptz NOT NULL,
    PRIMARY KEY (record_id, rpps)
);

-- Document metadata, small and hot: what listing needs. The title is encrypted with the data key
-- (AAD = record id || document id); class code and flags stay clear: the consent filter reads them before any key is unwrapped.
CREATE TABLE document (
    id                     uuid        PRIMARY KEY,
    record_id              uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    class_code             text        NOT NULL,
    author_rpps            text        CHECK (author_rpps ~ '^[0-9]{11}$'),
    deposited_at           timestamptz NOT NULL,
    masked                 boolean     NOT NULL DEFAULT false,
    withheld_from_patient  boolean     NOT NULL DEFAULT false,
    released_at            timestamptz,
    content_type           text        NOT NULL,
    size                   bigint      NOT NULL CHECK (size >= 0),
    title                  bytea       NOT NULL
);
-- "The documents of a record, newest first": one index range scan, already in order.
CREATE INDEX document_record_newest ON document (record_id, deposited_at DESC, id DESC);

-- Content apart from metadata so that listing never drags megabytes through the buffer cache.
-- Ciphertext does not compress: EXTERNAL storage skips pointless TOAST compression attempts.
CREATE TABLE document_content (
    document_id  uuid  PRIMARY KEY REFERENCES document (id) ON DELETE CASCADE,
    content      bytea NOT NULL
);
ALTER TABLE document_content ALTER COLUMN content SET STORAGE EXTERNAL;
