-- Keys and audit (issue 6). Numbered 5.1 so that another feature's V5 can land beside it without a clash.

-- Master-key rotation progress, one row per target master key (its public id, see MasterKeys): the re-wrapping walks
-- records by id and commits the cursor with each batch, so an interrupted rotation resumes where it stopped.
-- record.master_key_id (V1) is not used: the id of the wrapping master key travels inside wrapped_key itself.
CREATE TABLE key_rotation (
    target_key_id  integer     PRIMARY KEY,
    cursor_id      uuid,
    rewrapped      bigint      NOT NULL DEFAULT 0,
    already        bigint      NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    finished_at    timestamptz
);

-- Signed checkpoints of the audit chain: Ed25519 over (purpose, seq, hash, at, every_entries) by the key named key_id
-- (first 8 bytes of SHA-256 of its public key). Every position that is a multiple of every_entries has one, written
-- in the transaction that appends that entry; the head is also signed every minute. No foreign key: the verifier
-- itself checks that each checkpoint's entry exists and carries the signed hash.
CREATE TABLE audit_checkpoint (
    seq            bigint      PRIMARY KEY,
    hash           bytea       NOT NULL CHECK (octet_length(hash) = 32),
    at             timestamptz NOT NULL,
    every_entries  integer     NOT NULL CHECK (every_entries > 0),
    key_id         bytea       NOT NULL,
    signature      bytea       NOT NULL
);
