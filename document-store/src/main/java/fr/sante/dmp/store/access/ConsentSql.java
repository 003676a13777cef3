package fr.sante.dmp.store.access;

import fr.sante.dmp.consent.Actor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The one SQL fragment that loads a record's consent inputs, to be selected from {@code record r} joined with
 * {@link #JOIN}, in the same statement as the data it guards (no extra round trip; a change is in force on the very
 * next request). Its parameters are always {@code $2} the decision's instant and {@code $3} the asking professionals'
 * RPPS as a {@code text[]} (empty for the patient; a deposit batch asks for several): only their own care contexts,
 * express consents and emergency grants are loaded. {@link ConsentSnapshot#from} reads the columns by name.
 */
public final class ConsentSql {
    private ConsentSql() {
    }

    public static final String COLUMNS = "r.id AS record_id, r.state AS record_state, r.wrapped_key AS wrapped_key, "
            + "cs.treating_doctor AS treating_doctor, cs.emergency_access_opposed AS emergency_opposed, "
            + "ARRAY(SELECT b.rpps FROM blocked_professional b WHERE b.record_id = r.id) AS blocked, "
            + "ARRAY(SELECT e.rpps FROM express_consent e WHERE e.record_id = r.id AND e.rpps = ANY ($3::text[]) "
            + "AND e.until >= ($2::timestamptz AT TIME ZONE 'Europe/Paris')::date) AS express_consents, "
            + "ARRAY(SELECT c.rpps FROM care_context c WHERE c.record_id = r.id AND c.rpps = ANY ($3::text[]) "
            + "AND c.ended_at IS NULL AND c.expires_at > $2) AS care_contexts, "
            + "ARRAY(SELECT g.rpps FROM break_glass_grant g WHERE g.record_id = r.id AND g.rpps = ANY ($3::text[]) "
            + "AND g.expires_at > $2) AS live_grants";

    public static final String JOIN = "LEFT JOIN consent_settings cs ON cs.record_id = r.id";

    /**
     * The condition of a statement that looks a record up for one actor ({@code $3} that actor's RPPS): to a
     * professional an erased record (opposed, purged) is not there at all. The lookup then takes the very path of an
     * unknown person (no row, no consent inputs loaded, no decision on a snapshot), so that neither the answer nor its
     * time tells a professional who opposed; the patient ({@code $3} empty) still finds their own erased record.
     */
    public static final String FOUND_BY_ASKER = "(cardinality($3::text[]) = 0 OR r.state NOT IN ('OPPOSED', 'PURGED'))";

    private static final String[] NOBODY = new String[0];

    /** {@code $2}: the decision's instant. */
    public static OffsetDateTime at(Instant now) {
        return OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    }

    /** {@code $3}: the asking professional's RPPS, or none for the patient. */
    public static String[] askers(Actor actor) {
        return actor instanceof Actor.Professional p ? new String[] {p.rpps().value()} : NOBODY;
    }
}
