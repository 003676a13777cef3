package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.access.ConsentSql;

/** SQL of the care history, all as prepared statements. */
public final class CareHistorySql {
    private CareHistorySql() {
    }

    /** The records of a chunk's INS hashes: state and wrapped key decide and seal. */
    static final String RECORDS_BY_HASH =
            "SELECT ins_hash, id, state, wrapped_key FROM record WHERE ins_hash = ANY($1::bytea[])";

    /**
     * A whole chunk in one statement (parallel arrays, unnested): idempotent by primary key; the row count says how
     * many were new.
     */
    static final String INSERT_LINES = "INSERT INTO care_history_line "
            + "(record_id, date_of_care, sensitive, minor_confidential, line_id, payload) "
            + "SELECT * FROM unnest($1::uuid[], $2::date[], $3::boolean[], $4::boolean[], $5::text[], $6::bytea[]) "
            + "ON CONFLICT DO NOTHING";

    /** The record's consent snapshot ($2, $3 as {@link ConsentSql}) and the care-history setting: one round trip. */
    static final String RECORD_FOR_READ = "SELECT " + ConsentSql.COLUMNS + ", chs.open_to_professionals "
            + "FROM record r " + ConsentSql.JOIN + " "
            + "LEFT JOIN care_history_settings chs ON chs.record_id = r.id WHERE r.ins_hash = $1 "
            + "AND " + ConsentSql.FOUND_BY_ASKER;

    /** A record's lines inside the window, newest first, along its primary-key index (one probe per month). */
    static final String LINES = "SELECT date_of_care, line_id, sensitive, minor_confidential, patient_choice, payload "
            + "FROM care_history_line WHERE record_id = $1 AND date_of_care >= $2 "
            + "ORDER BY date_of_care DESC, line_id DESC";

    static final String SET_CHOICE = "UPDATE care_history_line SET patient_choice = $3 "
            + "WHERE record_id = $1 AND line_id = $2 AND date_of_care >= $4";

    static final String SET_OPEN = "INSERT INTO care_history_settings (record_id, open_to_professionals, updated_at) "
            + "VALUES ($1, $2, $3) ON CONFLICT (record_id) DO UPDATE "
            + "SET open_to_professionals = EXCLUDED.open_to_professionals, updated_at = EXCLUDED.updated_at";

    static final String ENSURE_PARTITIONS = "SELECT care_history_ensure_partitions($1, $2, $3)";

    static final String DROP_PARTITIONS = "SELECT care_history_drop_partitions_before($1)";

    /** One batch of the month that straddles the cutoff; partition pruning keeps it on the oldest months. */
    static final String DELETE_OLD_BATCH = "DELETE FROM care_history_line l USING ("
            + "SELECT record_id, date_of_care, line_id FROM care_history_line WHERE date_of_care < $1 LIMIT $2) d "
            + "WHERE l.record_id = d.record_id AND l.date_of_care = d.date_of_care AND l.line_id = d.line_id";

    /**
     * For the store's opposition and purge transactions: an erased record's lines go with its key ("dropped on
     * opposition"). Parameter: the record id.
     */
    public static final String DELETE_RECORD_LINES = "DELETE FROM care_history_line WHERE record_id = $1";
}
