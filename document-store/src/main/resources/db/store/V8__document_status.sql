-- Document status (the FHIR face's ITI-65 "relatesTo replaces", docs/fhir.md): a replaced document becomes
-- 'superseded'; it is no longer listed by the FHIR search unless asked for (status=superseded), and stays readable by
-- its id for the audit. A constant default: no table rewrite (PostgreSQL 11+). The JSON list is unchanged.
ALTER TABLE document ADD COLUMN status text NOT NULL DEFAULT 'current'
    CHECK (status IN ('current', 'superseded'));
-- The document this one replaced (same record); cleared if that one is ever deleted (a patient's own new version).
ALTER TABLE document ADD COLUMN replaces uuid REFERENCES document (id) ON DELETE SET NULL;
