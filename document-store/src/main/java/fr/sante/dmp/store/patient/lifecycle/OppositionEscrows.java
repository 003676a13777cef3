package fr.sante.dmp.store.patient.lifecycle;

import fr.sante.dmp.store.patient.PatientTransaction;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * The identities kept for withdrawing an opposition (sealed under a key derived from the receipt code) must not
 * outlive the opposition window: once it has closed, the opposition is final and only the proof remains.
 */
public final class OppositionEscrows {
    private OppositionEscrows() {
    }

    /**
     * Erases every escrowed identity whose window closed at or before {@code now}, within the caller's transaction
     * (the scheduler's); completes with how many were erased.
     */
    public static Future<Integer> eraseExpired(SqlConnection tx, Instant now) {
        return tx.preparedQuery(LifecycleSql.ERASE_EXPIRED_ESCROWS).execute(Tuple.of(PatientTransaction.time(now)))
                .map(rows -> rows.rowCount());
    }
}
