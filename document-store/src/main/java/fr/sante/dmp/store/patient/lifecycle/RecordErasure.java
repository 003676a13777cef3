package fr.sante.dmp.store.patient.lifecycle;

import fr.sante.dmp.store.carehistory.CareHistorySql;
import fr.sante.dmp.store.patient.PatientTransaction;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The purge (R1111-36: after the archive period, or within 3 months of a deletion request) erases a record exactly as
 * an opposition does (see {@link Lifecycle}): documents, directives, choices, care history and the sealed identity deleted, the
 * wrapped key destroyed. The caller has locked the row, decided the transition and appends the audit entry.
 */
public final class RecordErasure {
    private static final String PURGE_RECORD = "UPDATE record SET state = 'PURGED', wrapped_key = NULL, "
            + "identity = NULL, invitation_code_hash = NULL, invitation_code_lookup = NULL, updated_at = $2 WHERE id = $1";

    private RecordErasure() {
    }

    /** Erases everything of record {@code id} and marks it PURGED, in {@code tx}. */
    public static Future<Void> purge(SqlConnection tx, UUID id, Instant now) {
        List<Future<?>> writes = new ArrayList<>(eraseContent(tx, id, now));
        writes.add(tx.preparedQuery(PURGE_RECORD).execute(Tuple.of(id, PatientTransaction.time(now))));
        return Future.all(writes).mapEmpty();
    }

    /**
     * What an opposition and a purge both erase, pipelined on {@code tx} in this order: documents and their submission
     * sets, choices, directives, alerts, passkeys, care contexts and the care code, the insurer-fed care history, and
     * the consent settings reset. One list, so the two cannot drift apart.
     */
    static List<Future<?>> eraseContent(SqlConnection tx, UUID id, Instant now) {
        Tuple byId = Tuple.of(id);
        return List.of(
                tx.preparedQuery(LifecycleSql.ERASE_DOCUMENTS).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_SUBMISSION_SETS).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_BLOCKED).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_CONSENTS).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_DIRECTIVES).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_ALERTS).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_PASSKEYS).execute(byId),
                // Who cared for the person goes too; a context kept would let its professional back in after a
                // withdrawn opposition.
                tx.preparedQuery(LifecycleSql.ERASE_CARE_CONTEXTS).execute(byId),
                tx.preparedQuery(LifecycleSql.ERASE_CARE_CODE).execute(byId),
                tx.preparedQuery(CareHistorySql.DELETE_RECORD_LINES).execute(byId),
                tx.preparedQuery(LifecycleSql.RESET_SETTINGS).execute(Tuple.of(id, PatientTransaction.time(now))));
    }
}
