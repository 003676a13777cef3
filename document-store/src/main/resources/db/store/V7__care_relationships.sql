-- Care relationships (docs/consent-engine.md, "Care relationships"): a professional reads or writes a record only as
-- the treating doctor, under a live care context, with an occupational physician's running express consent, or in
-- an emergency. The consent snapshot (package access) reads these tables in the same statement as the data it guards.

-- One row per care context of a professional on a record. It opens by the patient's presence (a signed card assertion
-- or the patient's one-time care code), the patient's grant, or the software's declaration where the policy allows it,
-- and lives until expires_at unless the patient ends it first (ended_at): the snapshot counts only live rows, so an
-- ended context is out of force on the very next request.
CREATE TABLE care_context (
    id          uuid        PRIMARY KEY,
    record_id   uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    rpps        text        NOT NULL CHECK (rpps ~ '^[0-9]{11}$'),
    profession  text        NOT NULL,
    via         text        NOT NULL CHECK (via IN ('presence', 'care-code', 'patient-grant', 'declared')),
    opened_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > opened_at),
    ended_at    timestamptz,
    -- a declared context's reason, sealed with the patient's data key (AAD = record id): shredded with it
    reason      bytea
);
-- The snapshot's probe: this professional's live context on this record.
CREATE INDEX care_context_live ON care_context (record_id, rpps, expires_at) WHERE ended_at IS NULL;

-- The patient's one-time care code (6 digits, 10 minutes), shown in the space or sent by SMS, typed into the
-- professional's software. One per record: a new code replaces the last. Only its keyed hash is stored; a few wrong
-- tries burn it.
CREATE TABLE care_code (
    record_id   uuid        PRIMARY KEY REFERENCES record (id) ON DELETE CASCADE,
    code_hash   bytea       NOT NULL,
    expires_at  timestamptz NOT NULL,
    wrong_tries integer     NOT NULL DEFAULT 0
);

-- Express consent to an occupational physician is for a limited time: through `until` (a day, Europe/Paris).
-- Rows without one (none were ever written) are not in force.
ALTER TABLE express_consent ADD COLUMN until date;

-- Professionals as the platform knows them: from their verified tokens (Pro Santé Connect carries the profession) and
-- from operators (the national directory's extract). Only a physician of this directory can be chosen as treating
-- doctor or given an express consent; any professional of it can be granted a care context by a patient.
CREATE TABLE professional_directory (
    rpps        text        PRIMARY KEY CHECK (rpps ~ '^[0-9]{11}$'),
    profession  text        NOT NULL,
    specialty   text,
    source      text        NOT NULL CHECK (source IN ('token', 'operator')),
    updated_at  timestamptz NOT NULL
);

-- A new alert choice: every opening of a care context on the record (off by default; a declared context alerts at the
-- professional's first access whatever the choices, see package alert).
ALTER TABLE alert_preferences ADD COLUMN care_context boolean NOT NULL DEFAULT false;
