package fr.sante.dmp.store.representation;

/** The statements of the representation links, beside their repository. */
public final class RepresentationSql {
    private RepresentationSql() {
    }

    /** Both people of a new link, locked in id order ($1 their INS hashes) so two crossed creations cannot deadlock. */
    static final String PEOPLE = "SELECT id, ins_hash, state, wrapped_key, identity FROM record "
            + "WHERE ins_hash = ANY ($1) ORDER BY id FOR UPDATE";

    /** The represented person's live links overlapping [$2, $3] ($3 null: open-ended). */
    static final String OVERLAPPING = "SELECT kind, representative_id FROM representation WHERE represented_id = $1 "
            + "AND ended_at IS NULL AND valid_from <= COALESCE($3::date, 'infinity'::date) "
            + "AND COALESCE(valid_until, 'infinity'::date) >= $2::date";

    public static final String INSERT = "INSERT INTO representation (id, represented_id, representative_id, kind, valid_from, "
            + "valid_until, minor_birth_date, created_at, created_by, justification, represented_ins) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

    /** A live link with its represented person's key and INS hash, locked ($1 the link id). */
    static final String LIVE_LINK = "SELECT l.represented_id, r.wrapped_key, r.ins_hash, l.kind FROM representation l "
            + "JOIN record r ON r.id = l.represented_id WHERE l.id = $1 AND l.ended_at IS NULL FOR UPDATE OF l";

    static final String END = "UPDATE representation SET ended_at = $2, ended_by = $3, end_justification = $4 "
            + "WHERE id = $1 AND ended_at IS NULL";

    static final String AUTHORISE_DIRECTIVES = "UPDATE representation SET directives_authorised_at = $2 "
            + "WHERE id = $1 AND ended_at IS NULL AND kind = 'GUARDIAN'";

    /** The links of a representative ($1 their INS hash), live ones, with both records' keys and the person's identity. */
    static final String REPRESENTED = "SELECT l.id, l.kind, l.valid_from, l.valid_until, l.ended_at, l.minor_birth_date, "
            + "l.represented_ins, me.id AS me_id, me.wrapped_key AS me_key, p.id AS p_id, p.wrapped_key AS p_key, "
            + "p.identity AS p_identity FROM record me JOIN representation l ON l.representative_id = me.id "
            + "AND l.ended_at IS NULL JOIN record p ON p.id = l.represented_id WHERE me.ins_hash = $1 "
            + "ORDER BY l.valid_from, l.id";

    /**
     * Every link between a representative ($1) and a person ($2) by INS hashes, live ones first, newest first: read on
     * every representative request, so that an ended link is out of force on the very next one.
     */
    static final String BETWEEN = "SELECT l.id, l.kind, l.valid_from, l.valid_until, l.ended_at, l.minor_birth_date "
            + "FROM representation l JOIN record me ON me.id = l.representative_id "
            + "JOIN record p ON p.id = l.represented_id WHERE me.ins_hash = $1 AND p.ins_hash = $2 "
            + "ORDER BY (l.ended_at IS NULL) DESC, l.created_at DESC LIMIT 10";

    /**
     * Parental links of people born on or before $1 (now of age), oldest first, $2 at most, skipping locked ones, with
     * both both people's keys, identities (for their contact), languages and INS hashes. */
    static final String DUE_AT_MAJORITY_WITH_PEOPLE = "SELECT l.id, p.id AS p_id, p.ins_hash AS p_hash, p.state AS p_state, "
            + "p.wrapped_key AS p_key, p.identity AS p_identity, p.language AS p_language, rep.id AS rep_id, "
            + "rep.ins_hash AS rep_hash, rep.wrapped_key AS rep_key, rep.identity AS rep_identity, "
            + "rep.language AS rep_language FROM representation l JOIN record p ON p.id = l.represented_id "
            + "JOIN record rep ON rep.id = l.representative_id WHERE l.ended_at IS NULL "
            + "AND l.kind = 'PARENTAL_AUTHORITY' AND l.minor_birth_date <= $1 ORDER BY l.minor_birth_date, l.id "
            + "LIMIT $2 FOR UPDATE OF l SKIP LOCKED";

    static final String END_AT_MAJORITY = "UPDATE representation SET ended_at = $2, ended_by = $3 WHERE id = ANY ($1)";

    /** Whether a person is under guardianship now and, if so, whether the directives authorisation is recorded. */
    static final String GUARDIANSHIP = "SELECT bool_or(l.directives_authorised_at IS NOT NULL) AS authorised "
            + "FROM representation l WHERE l.represented_id = $1 AND l.kind = 'GUARDIAN' AND l.ended_at IS NULL "
            + "AND l.valid_from <= $2::date AND COALESCE(l.valid_until, 'infinity'::date) >= $2::date";
}
