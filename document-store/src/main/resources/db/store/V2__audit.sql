-- Append-only, hash-chained audit log: hash = SHA-256(prev_hash || canonical bytes of the entry), see AuditChain.
-- No foreign keys: entries outlive records (a purged record's accesses stay provable) and never block a write.
CREATE TABLE audit_log (
    seq          bigint      PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_kind   text        NOT NULL,   -- PATIENT, PROFESSIONAL, OPERATOR
    actor_id     text,                   -- RPPS for a professional, subject for an operator, NULL for the patient
    profession   text,
    category     text,
    action       text        NOT NULL,
    ins_hash     bytea,
    document_id  uuid,
    rule_id      text        NOT NULL,
    allowed      boolean     NOT NULL,
    break_glass  boolean     NOT NULL,
    reason       bytea,                  -- break-glass reason, encrypted with the patient's data key
    prev_hash    bytea       NOT NULL,
    hash         bytea       NOT NULL
);
-- The patient's access history: their entries, newest first, paged by seq.
CREATE INDEX audit_log_by_patient ON audit_log (ins_hash, seq DESC) WHERE ins_hash IS NOT NULL;

-- The head of the chain: one row, locked FOR UPDATE by every append transaction, which serializes appends across
-- gateway instances and gives the previous hash without scanning the log.
CREATE TABLE audit_head (
    id    boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq   bigint  NOT NULL,
    hash  bytea   NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, decode(repeat('00', 32), 'hex'));
