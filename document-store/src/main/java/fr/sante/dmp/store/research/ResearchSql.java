package fr.sante.dmp.store.research;

/** The statements of research use. */
final class ResearchSql {
    private ResearchSql() {
    }

    static final String INSERT_PROJECT = "INSERT INTO research_project (id, name, purpose, legal_basis, data_classes, "
            + "period_start, period_end, end_date, k, wrapped_key, created_by, created_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    static final String PROJECT = "SELECT id, name, purpose, legal_basis, data_classes, period_start, period_end, "
            + "end_date, k, wrapped_key, ended_at FROM research_project WHERE id = $1";
    /** The end of a project: its key destroyed, for good (the CHECK keeps ended_at with it). */
    static final String END_PROJECT = "UPDATE research_project SET wrapped_key = NULL, ended_at = $2 "
            + "WHERE id = $1 AND ended_at IS NULL";
    static final String INSERT_EXTRACT = "INSERT INTO research_extract (id, project_id, made_by, made_at, persons, "
            + "documents, care_lines, suppressed, generalised, report) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    static final String EXTRACTS = "SELECT e.id, e.project_id, p.name, e.made_by, e.made_at, e.persons, e.documents, "
            + "e.care_lines, e.suppressed, e.generalised, p.ended_at FROM research_extract e "
            + "JOIN research_project p ON p.id = e.project_id ORDER BY e.made_at DESC LIMIT $1";

    /**
     * The persons an extract may include, each with the rows it may carry, in one pass ordered by record id (JDBC,
     * server-side cursor). Left out: records not ACTIVE (invited, opposed, purged, closed), persons who objected (or,
     * under opt-in, never agreed: ?1), documents masked, withheld and not yet released, superseded, outside the
     * project's classes (?2) and period (?3, ?4 exclusive); care-history lines flagged sensitive, a minor's
     * confidential acts, lines the person hid, or all of them when the project does not receive the care history (?5).
     * Documents' authors' professions come from the directory ("" when unknown, the patient's own deposits have none).
     */
    static final String PERSONS = "SELECT r.id, r.ins_hash, r.wrapped_key, r.identity, d.classes, d.professions, "
            + "d.deposited, c.dates, c.line_ids, c.payloads FROM record r "
            + "LEFT JOIN research_choice rc ON rc.record_id = r.id "
            + "LEFT JOIN LATERAL (SELECT array_agg(d.class_code ORDER BY d.deposited_at, d.id) AS classes, "
            + "array_agg(CASE WHEN d.author_rpps IS NULL THEN 'patient' ELSE coalesce(p.profession, '') END "
            + "ORDER BY d.deposited_at, d.id) AS professions, "
            + "array_agg(to_char(d.deposited_at AT TIME ZONE 'UTC', 'YYYY-MM') ORDER BY d.deposited_at, d.id) AS deposited "
            + "FROM document d LEFT JOIN professional_directory p ON p.rpps = d.author_rpps "
            + "WHERE d.record_id = r.id AND d.class_code = ANY (?) AND d.deposited_at >= ? AND d.deposited_at < ? "
            + "AND NOT d.masked AND (NOT d.withheld_from_patient OR d.released_at IS NOT NULL) "
            + "AND d.status = 'current') d ON true "
            + "LEFT JOIN LATERAL (SELECT array_agg(l.date_of_care ORDER BY l.date_of_care, l.line_id) AS dates, "
            + "array_agg(l.line_id ORDER BY l.date_of_care, l.line_id) AS line_ids, "
            + "array_agg(l.payload ORDER BY l.date_of_care, l.line_id) AS payloads FROM care_history_line l "
            + "WHERE ? AND l.record_id = r.id AND l.date_of_care >= ? AND l.date_of_care < ? "
            + "AND NOT l.sensitive AND NOT l.minor_confidential AND l.patient_choice IS NOT TRUE) c ON true "
            + "WHERE r.state = 'ACTIVE' AND r.wrapped_key IS NOT NULL AND NOT coalesce(rc.objected, ?) "
            + "ORDER BY r.id";
}
