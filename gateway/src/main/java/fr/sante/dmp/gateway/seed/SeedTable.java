package fr.sante.dmp.gateway.seed;

import java.util.List;
import java.util.Set;

/**
 * The tables the seeder fills, in foreign-key order: the columns its encoder writes, in the order it writes them
 * ({@link BatchEncoder}), and the columns it knowingly leaves to their schema default or NULL. Together they must be
 * every column the store's schema has ({@link SeedSchema}, checked against {@code information_schema} before each
 * run): a column a migration adds stops the seeder until it is written here or listed as left out.
 */
enum SeedTable {
    RECORD("record", List.of("id", "ins_hash", "state", "invited_at", "opposition_deadline", "closed_at",
            "wrapped_key", "identity", "created_at", "updated_at"),
            // Seeded persons have no invitation code (they are invited, reminded and activated by the plan, not by a
            // letter) and no erasure request; the master key id travels inside wrapped_key.
            Set.of("deletion_requested_at", "master_key_id", "invitation_code_hash", "invitation_code_expires_at",
                    "language", "invitation_code_lookup")),
    CONSENT_SETTINGS("consent_settings", List.of("record_id", "treating_doctor", "emergency_access_opposed",
            "updated_at"), Set.of()),
    BLOCKED_PROFESSIONAL("blocked_professional", List.of("record_id", "rpps", "blocked_at"), Set.of()),
    // Seeded contexts are live and opened by presence: none ended, none declared with a reason.
    CARE_CONTEXT("care_context", List.of("id", "record_id", "rpps", "profession", "via", "opened_at", "expires_at"),
            Set.of("ended_at", "reason")),
    ALERT_PREFERENCES("alert_preferences", List.of("record_id", "every_access", "first_access", "new_document",
            "channel", "updated_at"), Set.of("care_context")),
    OPPOSITION_RECEIPT("opposition_receipt", List.of("id", "record_id", "opposed_at", "window_closes_at", "code_hash",
            "identity_escrow"), Set.of("withdrawn_at")),
    // Seeded documents are current, replace nothing and are not hidden from representatives (no minor is seeded
    // with secret care).
    DOCUMENT("document", List.of("id", "record_id", "class_code", "author_rpps", "deposited_at", "masked",
            "withheld_from_patient", "released_at", "content_type", "size", "title"),
            Set.of("status", "replaces", "confidential_from_representatives")),
    DOCUMENT_CONTENT("document_content", List.of("document_id", "content"), Set.of());

    private final String table;
    private final List<String> written;
    private final Set<String> leftOut;

    SeedTable(String table, List<String> written, Set<String> leftOut) {
        this.table = table;
        this.written = written;
        this.leftOut = leftOut;
    }

    String table() {
        return table;
    }

    /** The columns of each row the encoder writes, in its order. */
    List<String> written() {
        return written;
    }

    /** The fields of each row of the COPY stream. */
    int width() {
        return written.size();
    }

    /** The columns the seeder leaves to their default (or NULL). */
    Set<String> leftOut() {
        return leftOut;
    }
}
