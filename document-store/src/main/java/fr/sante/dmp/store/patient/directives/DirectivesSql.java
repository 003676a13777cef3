package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.store.access.ConsentSql;

/** SQL of the advance directives: one row per version. */
final class DirectivesSql {
    private DirectivesSql() {
    }

    static final String COLUMNS = "version, status, content, saved_at, signed_at";

    static final String LATEST_OF_RECORD = "SELECT " + COLUMNS + " FROM advance_directive WHERE record_id = $1 "
            + "ORDER BY version DESC LIMIT 1";
    /** The version in force is the latest that is not a draft, if it is SIGNED (R1111-17: the latest wins). */
    static final String LATEST_FINAL_OF_RECORD = "SELECT " + COLUMNS + " FROM advance_directive "
            + "WHERE record_id = $1 AND status <> 'DRAFT' ORDER BY version DESC LIMIT 1";
    static final String INSERT = "INSERT INTO advance_directive (record_id, version, status, content, saved_at, "
            + "signed_at) VALUES ($1, $2, $3, $4, $5, $6)";
    static final String SIGN = "UPDATE advance_directive SET status = 'SIGNED', signed_at = $3 "
            + "WHERE record_id = $1 AND version = $2 AND status = 'DRAFT'";

    /** Patient reads (record id and wrapped key first, then the version columns). */
    static final String LATEST_BY_INS = "SELECT r.id, r.wrapped_key, d.version, d.status, d.content, d.saved_at, "
            + "d.signed_at FROM record r LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM advance_directive x "
            + "WHERE x.record_id = r.id ORDER BY x.version DESC LIMIT 1) d ON true WHERE r.ins_hash = $1";
    /** The latest version with the record's sealed identity (column 7): the print view names the person. */
    static final String PRINTABLE_BY_INS = "SELECT r.id, r.wrapped_key, d.version, d.status, d.content, d.saved_at, "
            + "d.signed_at, r.identity FROM record r LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM advance_directive x "
            + "WHERE x.record_id = r.id ORDER BY x.version DESC LIMIT 1) d ON true WHERE r.ins_hash = $1";
    static final String HISTORY_BY_INS = "SELECT r.id, r.wrapped_key, d.version, d.status, d.content, d.saved_at, "
            + "d.signed_at FROM record r LEFT JOIN advance_directive d ON d.record_id = r.id WHERE r.ins_hash = $1 "
            + "ORDER BY d.version DESC";

    /**
     * A professional's read: the record's consent snapshot ($2, $3 as {@link ConsentSql}) and the version in force,
     * its columns from {@code version} on.
     */
    static final String FOR_PROFESSIONAL = "SELECT " + ConsentSql.COLUMNS + ", "
            + "d.version, d.status, d.content, d.saved_at, d.signed_at "
            + "FROM record r " + ConsentSql.JOIN + " "
            + "LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM advance_directive x WHERE x.record_id = r.id "
            + "AND x.status <> 'DRAFT' ORDER BY x.version DESC LIMIT 1) d ON true WHERE r.ins_hash = $1 AND "
            + ConsentSql.FOUND_BY_ASKER;
}
