package fr.sante.dmp.store.patient.overview;

import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.patient.PatientSql;

/** SQL of the dashboard and the preview: the record's consent snapshot and its documents, side by side. */
final class OverviewSql {
    private OverviewSql() {
    }

    /**
     * The dashboard: the record's consent snapshot ($2 now, $3 no professional), deadline ($4 window in s), sealed
     * identity and alert choices.
     */
    static final String OVERVIEW = "SELECT " + ConsentSql.COLUMNS + ", " + PatientSql.deadline(4) + " AS opposition_deadline, "
            + "r.identity, "
            + "r.closed_at, r.deletion_requested_at, "
            + "a.every_access, a.first_access, a.new_document, a.channel, a.care_context "
            + "FROM record r " + ConsentSql.JOIN + " LEFT JOIN alert_preferences a ON a.record_id = r.id "
            + "WHERE r.ins_hash = $1";

    /** The record's documents newest first, by INS hash so that it runs beside {@link #OVERVIEW}, not after it. */
    static final String DOCUMENTS = "SELECT d.id, d.class_code, d.author_rpps, d.deposited_at, d.masked, "
            + "d.withheld_from_patient, d.released_at, d.title, d.confidential_from_representatives FROM document d JOIN record r ON r.id = d.record_id "
            + "WHERE r.ins_hash = $1 ORDER BY d.deposited_at DESC, d.id DESC";
}
