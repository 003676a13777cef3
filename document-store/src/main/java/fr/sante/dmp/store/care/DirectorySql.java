package fr.sante.dmp.store.care;

/** SQL of the directory of professionals, all as prepared statements. */
final class DirectorySql {
    private DirectorySql() {
    }

    static final String COLUMNS = "rpps, title, family_name, given_name, profession, profession_label, specialty, "
            + "specialty_label, town";

    /**
     * A whole chunk of the extract in one statement (parallel arrays, unnested, one row per RPPS): the national
     * directory wins over tokens, and a row equal to the file is left alone, so the count is what changed.
     */
    static final String UPSERT = "INSERT INTO professional_directory (rpps, profession, specialty, source, updated_at, "
            + "title, family_name, given_name, profession_label, specialty_label, town, family_key, given_key, "
            + "search_key) SELECT u.rpps, u.profession, u.specialty, 'operator', $1, u.title, u.family_name, "
            + "u.given_name, u.profession_label, u.specialty_label, u.town, u.family_key, u.given_key, u.search_key "
            + "FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
            + "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) AS u(rpps, profession, specialty, title, "
            + "family_name, given_name, profession_label, specialty_label, town, family_key, given_key, search_key) "
            + "ON CONFLICT (rpps) DO UPDATE SET profession = EXCLUDED.profession, specialty = EXCLUDED.specialty, "
            + "source = 'operator', updated_at = EXCLUDED.updated_at, title = EXCLUDED.title, "
            + "family_name = EXCLUDED.family_name, given_name = EXCLUDED.given_name, "
            + "profession_label = EXCLUDED.profession_label, specialty_label = EXCLUDED.specialty_label, "
            + "town = EXCLUDED.town, family_key = EXCLUDED.family_key, given_key = EXCLUDED.given_key, "
            + "search_key = EXCLUDED.search_key WHERE (professional_directory.source, professional_directory.profession, "
            + "professional_directory.specialty, professional_directory.title, professional_directory.family_name, "
            + "professional_directory.given_name, professional_directory.profession_label, "
            + "professional_directory.specialty_label, professional_directory.town) IS DISTINCT FROM ('operator', "
            + "EXCLUDED.profession, EXCLUDED.specialty, EXCLUDED.title, EXCLUDED.family_name, EXCLUDED.given_name, "
            + "EXCLUDED.profession_label, EXCLUDED.specialty_label, EXCLUDED.town)";

    /**
     * Before an import: whether any row has a name yet (none: a first import) and whether the family-name index is
     * there (a first import that stopped half-way leaves it out).
     */
    static final String NAME_INDEX_STATE = "SELECT EXISTS (SELECT 1 FROM professional_directory "
            + "WHERE family_key IS NOT NULL), to_regclass('professional_directory_family_key') IS NOT NULL";

    /**
     * A first import writes its rows without the family-name index and builds it once at the end: a sorted build of
     * every key is cheaper than one B-tree insertion per row (PostgreSQL's "Populating a Database").
     */
    static final String DROP_NAME_INDEX = "DROP INDEX IF EXISTS professional_directory_family_key";

    /** The same index as migration V11. */
    static final String CREATE_NAME_INDEX = "CREATE INDEX IF NOT EXISTS professional_directory_family_key "
            + "ON professional_directory (family_key text_pattern_ops) WHERE family_key IS NOT NULL";

    static final String LOAD_STARTED = "INSERT INTO directory_load (id, operator, started_at) VALUES ($1, $2, $3)";

    static final String LOAD_FINISHED = "UPDATE directory_load SET finished_at = $2, lines = $3, entries = $4, "
            + "changed = $5, skipped = $6, bad = $7 WHERE id = $1";

    static final String LOADED = "SELECT EXISTS (SELECT 1 FROM directory_load WHERE finished_at IS NOT NULL)";

    /**
     * $1 a word and $2 the first key after every key starting with it (a range, not LIKE '$1%': a prepared statement's
     * generic plan keeps the index with a range), on the family name; $5 every word as '%word%'; $3 a profession code
     * or NULL; $4 the limit.
     */
    static final String SEARCH = "SELECT " + COLUMNS + " FROM professional_directory "
            + "WHERE family_key ~>=~ $1 AND family_key ~<~ $2 "
            + "AND search_key LIKE ALL ($5::text[]) "
            + "AND ($3::text IS NULL OR profession = $3) ORDER BY family_key, given_key, rpps LIMIT $4";

    static final String BY_RPPS = "SELECT " + COLUMNS + " FROM professional_directory WHERE rpps = ANY ($1::text[])";
}
