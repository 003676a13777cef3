package fr.sante.dmp.store.patient.history;

/** SQL of the access history. */
final class HistorySql {
    private HistorySql() {
    }

    /**
     * A page of the history under a filter ($4: {@link HistoryFilter#param()}), each entry with the title of its
     * document (sealed) and the record's wrapped key to open it; a document no longer in the record has no title.
     * $5: a representative reads, from whom every entry about a document confidential from representatives is left
     * out (they never learn such a document exists). "mine" is what was done in the person's own space, by them or
     * by a representative for them.
     */
    static final String HISTORY = "SELECT a.seq, a.at, a.actor_kind, a.actor_id, a.profession, a.action, a.rule_id, "
            + "a.allowed, a.break_glass, a.document_id, d.title, r.id AS record_id, r.wrapped_key, a.category "
            + "FROM audit_log a LEFT JOIN record r ON r.ins_hash = a.ins_hash "
            + "LEFT JOIN document d ON d.id = a.document_id AND d.record_id = r.id "
            + "WHERE a.ins_hash = $1 AND CASE $4::text WHEN 'professionals' THEN a.actor_kind = 'PROFESSIONAL' "
            + "WHEN 'mine' THEN a.actor_kind IN ('PATIENT', 'REPRESENTATIVE') WHEN 'refused' THEN NOT a.allowed "
            + "WHEN 'emergency' THEN a.break_glass ELSE true END "
            + "AND NOT ($5 AND a.document_id IS NOT NULL AND EXISTS (SELECT 1 FROM document c "
            + "WHERE c.id = a.document_id AND c.confidential_from_representatives)) "
            + "ORDER BY a.seq DESC OFFSET $2 LIMIT $3";
}
