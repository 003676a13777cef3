package fr.sante.dmp.store.care;

import fr.sante.dmp.store.access.ConsentSql;

/** SQL of care relationships, all as prepared statements. */
final class CareSql {
    private CareSql() {
    }

    /**
     * The record's consent snapshot ($1 INS hash, $2, $3 as {@link ConsentSql}), the record row shared-locked against
     * a concurrent opposition.
     */
    static final String RECORD_FOR_OPENING = "SELECT " + ConsentSql.COLUMNS + " FROM record r " + ConsentSql.JOIN
            + " WHERE r.ins_hash = $1 AND " + ConsentSql.FOUND_BY_ASKER + " FOR SHARE OF r";

    /** The record's care code, locked against two uses of one code. */
    static final String CODE = "SELECT code_hash, expires_at, wrong_tries FROM care_code WHERE record_id = $1 "
            + "FOR UPDATE";

    /** The patient's own record, row-locked for their change. */
    static final String RECORD_FOR_PATIENT = "SELECT id, state, wrapped_key FROM record WHERE ins_hash = $1 FOR UPDATE";

    static final String DIRECTORY = "SELECT profession, specialty FROM professional_directory WHERE rpps = $1";

    /** From a verified token: operators' rows are the directory's extract and win over tokens. */
    static final String SEEN = "INSERT INTO professional_directory (rpps, profession, specialty, source, updated_at) "
            + "VALUES ($1, $2, $3, 'token', $4) ON CONFLICT (rpps) DO UPDATE SET profession = EXCLUDED.profession, "
            + "specialty = EXCLUDED.specialty, updated_at = EXCLUDED.updated_at "
            + "WHERE professional_directory.source = 'token' AND (professional_directory.profession, "
            + "coalesce(professional_directory.specialty, '')) IS DISTINCT FROM (EXCLUDED.profession, "
            + "coalesce(EXCLUDED.specialty, ''))";

    static final String REGISTER = "INSERT INTO professional_directory (rpps, profession, specialty, source, "
            + "updated_at) VALUES ($1, $2, $3, 'operator', $4) ON CONFLICT (rpps) DO UPDATE SET "
            + "profession = EXCLUDED.profession, specialty = EXCLUDED.specialty, source = 'operator', "
            + "updated_at = EXCLUDED.updated_at";

    /** A live context of this professional is extended rather than doubled. */
    static final String EXTEND = "UPDATE care_context SET expires_at = greatest(expires_at, $3), via = $4 "
            + "WHERE record_id = $1 AND rpps = $2 AND ended_at IS NULL AND expires_at > $5 "
            + "RETURNING id, rpps, profession, via, opened_at, expires_at, ended_at";

    static final String INSERT = "INSERT INTO care_context (id, record_id, rpps, profession, via, opened_at, "
            + "expires_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            + "RETURNING id, rpps, profession, via, opened_at, expires_at, ended_at";

    static final String END = "UPDATE care_context SET ended_at = $3 WHERE id = $1 AND record_id = $2 "
            + "AND ended_at IS NULL AND expires_at > $3";

    /** The patient's contexts of the last year, live ones first. */
    static final String LIST = "SELECT c.id, c.rpps, c.profession, c.via, c.opened_at, c.expires_at, c.ended_at "
            + "FROM care_context c JOIN record r ON r.id = c.record_id WHERE r.ins_hash = $1 "
            + "AND c.opened_at > $2::timestamptz - interval '1 year' "
            + "ORDER BY (c.ended_at IS NULL AND c.expires_at > $2) DESC, c.opened_at DESC LIMIT 200";

    static final String SET_CODE = "INSERT INTO care_code (record_id, code_hash, expires_at, wrong_tries) "
            + "VALUES ($1, $2, $3, 0) ON CONFLICT (record_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, "
            + "expires_at = EXCLUDED.expires_at, wrong_tries = 0";

    static final String USE_CODE = "DELETE FROM care_code WHERE record_id = $1";

    static final String WRONG_CODE = "UPDATE care_code SET wrong_tries = wrong_tries + 1 WHERE record_id = $1";

    static final String GRANT_CONSENT = "INSERT INTO express_consent (record_id, rpps, granted_at, until) "
            + "VALUES ($1, $2, $3, $4) ON CONFLICT (record_id, rpps) DO UPDATE SET granted_at = EXCLUDED.granted_at, "
            + "until = EXCLUDED.until";

    static final String WITHDRAW_CONSENT = "DELETE FROM express_consent WHERE record_id = $1 AND rpps = $2";

    static final String CONSENTS = "SELECT e.rpps, e.granted_at, e.until FROM express_consent e "
            + "JOIN record r ON r.id = e.record_id WHERE r.ins_hash = $1 AND e.until IS NOT NULL "
            + "AND e.until >= ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date ORDER BY e.granted_at DESC";
}
