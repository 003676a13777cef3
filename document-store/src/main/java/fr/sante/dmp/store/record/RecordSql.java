package fr.sante.dmp.store.record;

import fr.sante.dmp.store.access.ConsentSql;

/** SQL of the record services, all as prepared statements. */
final class RecordSql {
    private RecordSql() {
    }

    private static final String RECORD = "SELECT " + ConsentSql.COLUMNS;

    /**
     * A document's metadata as parallel arrays over the rows of {@code x}, newest first ({@code ids, classes, authors,
     * deposited, masked, withheld, released, types, sizes, titles}, as {@link RecordView} reads them): every aggregate
     * has the same ORDER BY, so their elements line up.
     */
    private static final String DOCUMENT_ARRAYS = newestFirst("id ids", "class_code classes", "author_rpps authors",
            "deposited_at deposited", "masked masked", "withheld_from_patient withheld", "released_at released",
            "content_type types", "size sizes", "title titles");

    /**
     * The hot path, one round trip: the record's consent snapshot and all its document metadata newest first, as
     * parallel arrays that the binary protocol decodes without JSON ($1 the INS hash; $2, $3 as {@link ConsentSql}).
     * The identical ORDER BY of every aggregate lets PostgreSQL 16+ sort the index range once, and the index already
     * delivers that order.
     */
    static final String LIST = RECORD + ", d.ids, d.classes, d.authors, d.deposited, d.masked, "
            + "d.withheld, d.released, d.types, d.sizes, d.titles, d.confidential "
            + "FROM record r " + ConsentSql.JOIN + " "
            + "LEFT JOIN LATERAL (SELECT "
            + DOCUMENT_ARRAYS + ", "
            + "array_agg(x.confidential_from_representatives ORDER BY x.deposited_at DESC, x.id DESC) AS confidential "
            + "FROM document x WHERE x.record_id = r.id) d ON true "
            + "WHERE r.ins_hash = $1 AND " + ConsentSql.FOUND_BY_ASKER;

    /**
     * One page of a search (the FHIR face's ITI-67): the record's consent snapshot and the next documents after a
     * keyset cursor, newest first, along the index {@code (record_id, deposited_at DESC, id DESC)}: the cursor is an
     * index condition, never an OFFSET ($4 statuses, $5 classes, $6 authors, $7 from inclusive, $8 to exclusive, $9 and
     * $10 the cursor: deposited before, or at the same instant with a smaller id; $11 the page's rows).
     *
     * <p>A counted statement (a page's first scan) also returns, as {@code counted_*} arrays, the consent facts of every
     * document the filters match, cursor aside, read by the same index range: the door decides them to give the
     * answer's exact {@code Bundle.total} in the same round trip. Only the facts the decision needs (no title, type or
     * size), which the JSON list (G2) reads for the whole record anyway.
     *
     * <p>One statement per combination of filters ({@link #search}): an absent filter is {@code $n IS NULL} (its
     * parameter passed NULL), a one-time filter of the plan, rather than {@code ($n IS NULL OR column = ...)}, which
     * kept PostgreSQL planning a custom plan for every execution (0.7 ms of planning per search, G2f a quarter of G2).
     * Counting is a statement of its own too, not a parameter, for the same reason.
     */
    private static final String[] SEARCHES = new String[32];

    static {
        for (int mask = 0; mask < 32; mask++) {
            boolean counted = (mask & 16) != 0;
            SEARCHES[mask] = RECORD + ", d.ids, d.classes, d.authors, d.deposited, d.masked, "
                    + "d.withheld, d.released, d.types, d.sizes, d.titles, d.statuses, d.replaced"
                    + (counted ? ", t.counted_ids, t.counted_classes, t.counted_authors, t.counted_deposited, "
                            + "t.counted_masked, t.counted_withheld, t.counted_released " : " ")
                    + "FROM record r " + ConsentSql.JOIN + " "
                    + "LEFT JOIN LATERAL (SELECT "
                    + DOCUMENT_ARRAYS + ", "
                    + "array_agg(x.status ORDER BY x.deposited_at DESC, x.id DESC) AS statuses, "
                    + "array_agg(x.replaces ORDER BY x.deposited_at DESC, x.id DESC) AS replaced "
                    + "FROM (SELECT y.* FROM document y WHERE y.record_id = r.id "
                    + "AND (y.deposited_at, y.id) < ($9::timestamptz, $10::uuid) "
                    + filters("y", mask, true)
                    + "ORDER BY y.deposited_at DESC, y.id DESC LIMIT $11) x) d ON true "
                    // One aggregation: its arrays are parallel (every aggregate sees the rows in the same order).
                    + (counted ? "LEFT JOIN LATERAL (SELECT array_agg(z.id) AS counted_ids, "
                            + "array_agg(z.class_code) AS counted_classes, "
                            + "array_agg(z.author_rpps) AS counted_authors, "
                            + "array_agg(z.deposited_at) AS counted_deposited, array_agg(z.masked) AS counted_masked, "
                            + "array_agg(z.withheld_from_patient) AS counted_withheld, "
                            + "array_agg(z.released_at) AS counted_released "
                            + "FROM document z WHERE z.record_id = r.id " + filters("z", mask, false) + ") t ON true "
                            : "")
                    + "WHERE r.ins_hash = $1 AND " + ConsentSql.FOUND_BY_ASKER;
        }
    }

    /** The search's filters on {@code alias}; {@code typed}: absent ones still name their parameter's type. */
    private static String filters(String alias, int mask, boolean typed) {
        String a = alias + ".";
        return "AND " + a + "status = ANY ($4::text[]) "
                + filter(mask, 1, "AND " + a + "class_code = ANY ($5::text[]) ", typed, "AND $5::text[] IS NULL ")
                + filter(mask, 2, "AND " + a + "author_rpps = ANY ($6::text[]) ", typed, "AND $6::text[] IS NULL ")
                + filter(mask, 4, "AND " + a + "deposited_at >= $7::timestamptz ", typed,
                        "AND $7::timestamptz IS NULL ")
                + filter(mask, 8, "AND " + a + "deposited_at < $8::timestamptz ", typed,
                        "AND $8::timestamptz IS NULL ");
    }

    private static String filter(int mask, int bit, String present, boolean typed, String absent) {
        return (mask & bit) != 0 ? present : typed ? absent : "";
    }

    /** The search statement for the filters present (their parameters non-NULL), counted or not. */
    static String search(boolean classes, boolean authors, boolean from, boolean to, boolean counted) {
        return SEARCHES[(classes ? 1 : 0) | (authors ? 2 : 0) | (from ? 4 : 0) | (to ? 8 : 0) | (counted ? 16 : 0)];
    }

    /** A person looked up by INS (the FHIR face's ITI-78): the consent snapshot and the sealed identity. */
    static final String PATIENT = RECORD + ", r.identity FROM record r " + ConsentSql.JOIN + " WHERE r.ins_hash = $1 "
            + "AND " + ConsentSql.FOUND_BY_ASKER;

    /** The documents a bundle replaces, in its record, locked against a concurrent replacement ($1 ids, $2 record). */
    static final String REPLACED = "SELECT id, class_code, author_rpps, deposited_at, masked, withheld_from_patient, "
            + "released_at, status FROM document WHERE id = ANY ($1::uuid[]) AND record_id = $2 FOR UPDATE";

    /** The replaced documents become superseded. */
    static final String SUPERSEDE = "UPDATE document SET status = 'superseded' WHERE id = ANY ($1::uuid[]) "
            + "AND status = 'current'";

    /**
     * The records of a batch of deposits ($1 their INS hashes; $3 the batch's professionals; $4 the INS hashes of the
     * patients' own deposits), each with its INS hash, read {@code FOR SHARE} against a concurrent lifecycle change
     * while depositing. An erased record is read only for its patient's own deposit (as {@link
     * ConsentSql#FOUND_BY_ASKER}: to professionals it is not there).
     */
    static final String RECORDS_FOR_DEPOSIT = RECORD + ", r.ins_hash FROM record r " + ConsentSql.JOIN
            + " WHERE r.ins_hash = ANY ($1) AND (r.state NOT IN ('OPPOSED', 'PURGED') OR r.ins_hash = ANY ($4)) "
            + "FOR SHARE OF r";

    /** One actor's record for a bundle's deposit ($1 the INS hash, $3 the actor's RPPS), locked alike. */
    static final String RECORD_FOR_DEPOSIT = RECORD + " FROM record r " + ConsentSql.JOIN
            + " WHERE r.ins_hash = $1 AND " + ConsentSql.FOUND_BY_ASKER + " FOR SHARE OF r";

    /** One document's metadata with its record's snapshot and INS hash ($1 the document id). */
    static final String DOCUMENT = RECORD + ", ARRAY[d.id] AS ids, ARRAY[d.class_code] AS classes, "
            + "ARRAY[d.author_rpps] AS authors, ARRAY[d.deposited_at] AS deposited, ARRAY[d.masked] AS masked, "
            + "ARRAY[d.withheld_from_patient] AS withheld, ARRAY[d.released_at] AS released, "
            + "ARRAY[d.content_type] AS types, ARRAY[d.size] AS sizes, ARRAY[d.title] AS titles, "
            + "ARRAY[d.status] AS statuses, ARRAY[d.replaces] AS replaced, "
            + "ARRAY[d.confidential_from_representatives] AS confidential, r.ins_hash "
            + "FROM document d JOIN record r ON r.id = d.record_id " + ConsentSql.JOIN + " WHERE d.id = $1";

    /**
     * A submission set by its id ($1) with its record's snapshot and INS hash, and its documents' metadata newest
     * first as {@link #LIST} returns them ({@code set_documents}: the ids in the bundle's order).
     */
    static final String SUBMISSION_SET = RECORD + ", r.ins_hash, s.author_rpps, s.submitted_at, s.source_id, "
            + "s.documents AS set_documents, d.ids, d.classes, d.authors, d.deposited, d.masked, d.withheld, "
            + "d.released, d.types, d.sizes, d.titles "
            + "FROM submission_set s JOIN record r ON r.id = s.record_id " + ConsentSql.JOIN + " "
            + "LEFT JOIN LATERAL (SELECT "
            + DOCUMENT_ARRAYS + " "
            + "FROM document x WHERE x.id = ANY (s.documents) AND x.record_id = s.record_id) d ON true "
            + "WHERE s.id = $1";

    /** A bundle's submission set, written in the bundle's transaction. */
    static final String INSERT_SUBMISSION_SET = "INSERT INTO submission_set (id, record_id, author_rpps, "
            + "submitted_at, source_id, documents) VALUES ($1, $2, $3, $4, $5, $6)";

    /** A withheld document released to the patient (R1111-53), once. */
    static final String RELEASE = "UPDATE document SET released_at = $2 WHERE id = $1 AND withheld_from_patient "
            + "AND released_at IS NULL";

    static final String CONTENT = "SELECT content FROM document_content WHERE document_id = $1";

    /** The patient's own earlier versions of a class (replaced by a new one). */
    static final String DELETE_OWN_OF_CLASS = "DELETE FROM document WHERE record_id = $1 AND class_code = $2 "
            + "AND author_rpps IS NULL RETURNING masked";
    /** The latest document of a class the patient wrote, with the key to open it. */
    static final String LATEST_OWN_OF_CLASS = "SELECT r.id, r.wrapped_key, d.id, d.content_type, c.content "
            + "FROM record r JOIN document d ON d.record_id = r.id AND d.class_code = $2 AND d.author_rpps IS NULL "
            + "JOIN document_content c ON c.document_id = d.id WHERE r.ins_hash = $1 "
            + "ORDER BY d.deposited_at DESC LIMIT 1";
    /**
     * New documents ({@link DocumentRows}: a deposit batch's or a FHIR bundle's, with what each replaces, $12) and
     * their contents, as parallel arrays, in one statement: the contents' foreign-key checks run at the end of the
     * statement and find the documents its first part inserted.
     */
    static final String INSERT_DOCUMENTS = "WITH d AS (INSERT INTO document (id, record_id, class_code, author_rpps, "
            + "deposited_at, masked, withheld_from_patient, released_at, content_type, size, title, replaces, "
            + "confidential_from_representatives) "
            + "SELECT u.id, u.record_id, u.class_code, u.author_rpps, u.deposited_at, u.masked, u.withheld, NULL, "
            + "u.content_type, u.size, u.title, u.replaces, u.confidential FROM unnest($1::uuid[], $2::uuid[], "
            + "$3::text[], $4::text[], $5::timestamptz[], $6::boolean[], $7::text[], $8::bigint[], $9::bytea[], "
            + "$11::boolean[], $12::uuid[], $13::boolean[]) AS u(id, record_id, class_code, author_rpps, deposited_at, "
            + "withheld, content_type, size, title, masked, replaces, confidential)) "
            + "INSERT INTO document_content (document_id, content) SELECT * FROM unnest($1::uuid[], $10::bytea[])";

    static final String INSERT_RECORD = "INSERT INTO record (id, ins_hash, state, invited_at, opposition_deadline, "
            + "wrapped_key, identity, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
            + "ON CONFLICT (ins_hash) DO NOTHING RETURNING id";

    static final String INSERT_SETTINGS =
            "INSERT INTO consent_settings (record_id, emergency_access_opposed, updated_at) VALUES ($1, false, $2)";

    static final String STATE_BY_INS = "SELECT state FROM record WHERE ins_hash = $1";

    /** {@code array_agg(x.<column> ORDER BY x.deposited_at DESC, x.id DESC) AS <name>} for each "column name". */
    private static String newestFirst(String... columnsAndNames) {
        java.util.StringJoiner arrays = new java.util.StringJoiner(", ");
        for (String c : columnsAndNames) {
            String[] cn = c.split(" ");
            arrays.add("array_agg(x." + cn[0] + " ORDER BY x.deposited_at DESC, x.id DESC) AS " + cn[1]);
        }
        return arrays.toString();
    }
}
