-- Representatives (docs/representatives.md): a parent (parental authority over a minor, one or two holders), a
-- guardian of an adult (tutelle, one at a time) or a person of trust an adult named, acting in the person's space with
-- their own login. Each link has a start, an end, who created it and why; an operator (or the scheduler, at majority)
-- ends it, and it is out of force on the very next request: every representative request reads its link.
CREATE TABLE representation (
    id                 uuid        PRIMARY KEY,
    represented_id     uuid        NOT NULL REFERENCES record (id),
    representative_id  uuid        NOT NULL REFERENCES record (id),
    kind               text        NOT NULL CHECK (kind IN ('PARENTAL_AUTHORITY', 'GUARDIAN', 'PERSON_OF_TRUST')),
    valid_from         date        NOT NULL,
    valid_until        date,
    -- a minor's birth date, for parental authority only: majority ends the link (the scheduler's pass finds them by it)
    minor_birth_date   date,
    created_at         timestamptz NOT NULL,
    created_by         text        NOT NULL,
    -- the operator's justification, sealed with the represented person's data key (AAD purpose reason, record id)
    justification      bytea       NOT NULL,
    -- the represented person's INS, sealed with the representative's data key: their list of people to act for
    represented_ins    bytea       NOT NULL,
    ended_at           timestamptz,
    ended_by           text,
    end_justification  bytea,
    -- for a guardian: the judge's or family council's authorisation for the person to write directives (L1111-11)
    directives_authorised_at timestamptz,
    CHECK (represented_id <> representative_id),
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CHECK ((kind = 'PARENTAL_AUTHORITY') = (minor_birth_date IS NOT NULL)),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
-- "Whom may I act for" and "who may act for me": the live links of each side.
CREATE INDEX representation_by_representative ON representation (representative_id) WHERE ended_at IS NULL;
CREATE INDEX representation_by_represented ON representation (represented_id) WHERE ended_at IS NULL;
-- The scheduler's pass at majority.
CREATE INDEX representation_majority ON representation (minor_birth_date) WHERE ended_at IS NULL;

-- A minor's secret care (CSP L1111-5): a document never shown, listed, counted or alerted to the representatives.
-- Set by the depositing professional, or by the minor from their own-access age.
ALTER TABLE document ADD COLUMN confidential_from_representatives boolean NOT NULL DEFAULT false;
