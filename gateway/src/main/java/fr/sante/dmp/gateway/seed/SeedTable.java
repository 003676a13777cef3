package fr.sante.dmp.gateway.seed;

/**
 * The tables the seeder fills, in foreign-key order, with the columns of their binary COPY streams. Columns left out
 * take their schema default (record.master_key_id, record.language) or NULL.
 */
enum SeedTable {
    RECORD("record", "id, ins_hash, state, invited_at, opposition_deadline, closed_at, wrapped_key, identity, "
            + "created_at, updated_at"),
    CONSENT_SETTINGS("consent_settings", "record_id, treating_doctor, emergency_access_opposed, updated_at"),
    BLOCKED_PROFESSIONAL("blocked_professional", "record_id, rpps, blocked_at"),
    CARE_CONTEXT("care_context", "id, record_id, rpps, profession, via, opened_at, expires_at"),
    ALERT_PREFERENCES("alert_preferences", "record_id, every_access, first_access, new_document, channel, updated_at"),
    OPPOSITION_RECEIPT("opposition_receipt", "id, record_id, opposed_at, window_closes_at, code_hash, "
            + "identity_escrow"),
    DOCUMENT("document", "id, record_id, class_code, author_rpps, deposited_at, masked, withheld_from_patient, "
            + "released_at, content_type, size, title"),
    DOCUMENT_CONTENT("document_content", "document_id, content");

    private final String table;
    private final String columns;

    SeedTable(String table, String columns) {
        this.table = table;
        this.columns = columns;
    }

    String copySql() {
        return "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)";
    }

    String table() {
        return table;
    }
}
