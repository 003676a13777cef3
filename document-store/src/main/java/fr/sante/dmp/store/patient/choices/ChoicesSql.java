package fr.sante.dmp.store.patient.choices;

/**
 * SQL of the patient's choices: masking, blocking, treating doctor, emergency access, alerts, language, research use,
 * own documents.
 */
final class ChoicesSql {
    private ChoicesSql() {
    }

    /** $4: a representative asks, to whom a document confidential from representatives does not exist. */
    /**
     * The mask's change and what the document's row shows afterwards, in one statement: the document as the list reads
     * it, and the choices that say who still sees it masked (no settings row: neither).
     */
    static final String MASK = "WITH changed AS (UPDATE document SET masked = $3 WHERE id = $1 AND record_id = $2 "
            + "AND NOT ($4 AND confidential_from_representatives) RETURNING id, class_code, author_rpps, deposited_at, "
            + "masked, withheld_from_patient, released_at, content_type, size, title, status, replaces, "
            + "confidential_from_representatives) "
            + "SELECT c.*, s.treating_doctor, coalesce(s.emergency_access_opposed, false) AS emergency_access_opposed "
            + "FROM changed c LEFT JOIN consent_settings s ON s.record_id = $2";
    /** Only a document the patient added (no author, their class); a representative not one kept from them. */
    static final String DELETE_OWN = "DELETE FROM document WHERE id = $1 AND record_id = $2 AND author_rpps IS NULL "
            + "AND class_code = $3 AND NOT ($4 AND confidential_from_representatives)";
    static final String CONFIDENTIAL = "UPDATE document SET confidential_from_representatives = $3 "
            + "WHERE id = $1 AND record_id = $2";
    static final String BLOCK = "INSERT INTO blocked_professional (record_id, rpps, blocked_at) VALUES ($1, $2, $3) "
            + "ON CONFLICT DO NOTHING";
    static final String UNBLOCK = "DELETE FROM blocked_professional WHERE record_id = $1 AND rpps = $2";
    static final String TREATING_DOCTOR = "UPDATE consent_settings SET treating_doctor = $2, updated_at = $3 "
            + "WHERE record_id = $1";
    /** The choice, and when opposing, the end of every running emergency grant (the grant table is db/breakglass). */
    static final String EMERGENCY_OPPOSED = "WITH s AS (UPDATE consent_settings SET emergency_access_opposed = $2, "
            + "updated_at = $3 WHERE record_id = $1) UPDATE break_glass_grant "
            + "SET expires_at = greatest(granted_at + interval '1 microsecond', $3) "
            + "WHERE record_id = $1 AND $2 AND expires_at > $3";
    /** The person's research-use choice (no row: the policy's default). */
    static final String RESEARCH_USE = "INSERT INTO research_choice (record_id, objected, chosen_at) VALUES ($1, $2, $3) "
            + "ON CONFLICT (record_id) DO UPDATE SET objected = EXCLUDED.objected, chosen_at = EXCLUDED.chosen_at";
    static final String READ_RESEARCH_USE = "SELECT r.state, c.objected, c.chosen_at FROM record r "
            + "LEFT JOIN research_choice c ON c.record_id = r.id WHERE r.ins_hash = $1";
    /** A professional's profession as the directory knows it. */
    static final String DIRECTORY_PROFESSION = "SELECT profession FROM professional_directory WHERE rpps = $1";
    /** True unless an extract of the national directory was loaded and this RPPS is not in the directory. */
    static final String IN_LOADED_DIRECTORY = "SELECT EXISTS (SELECT 1 FROM professional_directory WHERE rpps = $1) "
            + "OR NOT EXISTS (SELECT 1 FROM directory_load WHERE finished_at IS NOT NULL)";
    static final String ALERTS = "INSERT INTO alert_preferences (record_id, every_access, first_access, new_document, "
            + "channel, updated_at, care_context) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (record_id) DO UPDATE "
            + "SET every_access = EXCLUDED.every_access, first_access = EXCLUDED.first_access, "
            + "new_document = EXCLUDED.new_document, channel = EXCLUDED.channel, updated_at = EXCLUDED.updated_at, "
            + "care_context = EXCLUDED.care_context";
    static final String LANGUAGE = "UPDATE record SET language = $2, updated_at = $3 WHERE id = $1";
}
