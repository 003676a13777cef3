-- One row per emergency access (break-glass, CSP L1111-17 I / R1111-48): the grant that lets its professional open
-- the patient's documents until expires_at, the notice to the patient (an outbox message), and the review by the
-- treating doctor or the data protection officer. The reason is sealed with the patient's data key (AAD = record id),
-- so destroying the key (opposition, purge) leaves nothing readable. Own Flyway history: flyway_history_breakglass.
CREATE TABLE break_glass_grant (
    id               uuid        PRIMARY KEY,
    record_id        uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    rpps             text        NOT NULL CHECK (rpps ~ '^[0-9]{11}$'),
    granted_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    reason           bytea       NOT NULL,
    treating_doctor  text        CHECK (treating_doctor ~ '^[0-9]{11}$'),
    notification_id  uuid,
    reviewed_at      timestamptz,
    reviewed_by      text,
    -- An emergency access is short-lived by construction, whatever the configuration says.
    CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '24 hours')
);
-- Reads look for a live grant of this professional on this record.
CREATE INDEX break_glass_grant_live ON break_glass_grant (record_id, rpps, expires_at);
-- The review queues: everything pending (data protection officer), and per treating doctor.
CREATE INDEX break_glass_grant_pending ON break_glass_grant (granted_at) WHERE reviewed_at IS NULL;
CREATE INDEX break_glass_grant_doctor ON break_glass_grant (treating_doctor, granted_at);
