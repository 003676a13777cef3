-- The directory of professionals with names (issue 18): what the public extract of the national directory (RPPS,
-- "personne activité") says of each professional, so that the patient space names them and the patient finds them by
-- name. Rows from tokens keep these columns empty; an import ('operator') fills them and wins over tokens.
ALTER TABLE professional_directory
    ADD COLUMN title            text,
    ADD COLUMN family_name      text,
    ADD COLUMN given_name       text,
    ADD COLUMN profession_label text,
    ADD COLUMN specialty_label  text,
    ADD COLUMN town             text,
    -- lower case, no accents, one space between words (DirectoryExtract.searchKey): the name search's keys
    ADD COLUMN family_key       text,
    ADD COLUMN given_key        text,
    ADD COLUMN search_key       text;

-- A search starts from a prefix of the family name (a btree range), then filters on the other words (given name,
-- town, profession, specialty). No index on the given name: it cost a quarter of the import's time in PostgreSQL, and
-- a search tries each of its first words as the family name's start.
CREATE INDEX professional_directory_family_key ON professional_directory (family_key text_pattern_ops)
    WHERE family_key IS NOT NULL;

-- One row per import of the extract: once one finished, the directory is loaded and an RPPS absent from it is refused
-- wherever a patient names a professional.
CREATE TABLE directory_load (
    id            uuid        PRIMARY KEY,
    operator      text        NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    lines         bigint,
    entries       bigint,
    changed       bigint,
    skipped       bigint,
    bad           bigint
);
