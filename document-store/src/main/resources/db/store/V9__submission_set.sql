-- The SubmissionSets of the FHIR face's ITI-65 bundles (docs/fhir.md): each deposit of a bundle is one set, answered
-- at List/<id> under the door's rules for its documents. The set keeps who submitted it, when, the source's id the
-- bundle gave (IHE's sourceId, required by MHD) and its documents, in order; nothing about the patient but the record.
-- Erased with the record's documents (RecordErasure); no foreign key on the documents: a patient's own new version
-- deletes an older document, which then simply drops out of the set's answer.
CREATE TABLE submission_set (
    id           uuid        PRIMARY KEY,
    record_id    uuid        NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    author_rpps  text        NOT NULL CHECK (author_rpps ~ '^[0-9]{11}$'),
    submitted_at timestamptz NOT NULL,
    source_id    text        NOT NULL CHECK (length(source_id) BETWEEN 1 AND 256),
    documents    uuid[]      NOT NULL CHECK (cardinality(documents) BETWEEN 1 AND 64)
);
