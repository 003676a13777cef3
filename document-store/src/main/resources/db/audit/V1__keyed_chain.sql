-- The keyed audit chain (AuditChain): from keyed_from on, hash = HMAC-SHA256(DMP_AUDIT_CHAIN_KEY, prev_hash ||
-- canonical bytes, format 2); entries before it keep their plain SHA-256 (format 1) and still verify. Recorded once,
-- here, at the head as it stands when this version first starts: the instances of the previous version must be
-- stopped first (one writing plain entries after keyed_from would break the chain). The verifier trusts this row only
-- as far as the checkpoints allow: moving it later (to pass rewritten entries off as plain SHA-256) means rewriting
-- every keyed entry since, which the signed checkpoints and the witness file catch.
CREATE TABLE audit_chain (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    keyed_from  bigint  NOT NULL CHECK (keyed_from > 0)
);
INSERT INTO audit_chain (id, keyed_from) SELECT true, seq + 1 FROM audit_head WHERE id FOR UPDATE;
