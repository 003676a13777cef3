package fr.sante.dmp.store.patient.history;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The patient's emergency accesses: the grants table (db/breakglass) for the accesses that happened, the audit log's
 * refused {@code BREAK_GLASS} entries for the attempts (their own partial index, so the patient's own views, however
 * many, never push one out). Both queries run side by side.
 */
final class Emergencies {
    static final int MAX_LIMIT = 20;

    static final String GRANTS = "SELECT g.rpps, g.granted_at, g.expires_at FROM break_glass_grant g "
            + "JOIN record r ON r.id = g.record_id WHERE r.ins_hash = $1 AND g.granted_at >= $2 "
            + "ORDER BY g.granted_at DESC LIMIT $3";
    static final String REFUSALS = "SELECT at, actor_id, profession, rule_id FROM audit_log "
            + "WHERE ins_hash = $1 AND action = 'BREAK_GLASS' AND NOT allowed AND at >= $2 "
            + "ORDER BY seq DESC LIMIT $3";

    private final Pool pool;
    private final InsHasher insHasher;
    private final HistoryReasons reasons;

    Emergencies(Pool pool, InsHasher insHasher, HistoryReasons reasons) {
        this.pool = pool;
        this.insHasher = insHasher;
        this.reasons = reasons;
    }

    Future<EmergencyAccesses> since(Ins ins, Instant since, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Future.failedFuture(new RecordException.Invalid("limit", "must be between 1 and " + MAX_LIMIT));
        }
        Tuple args = Tuple.of(Buffer.buffer(insHasher.hash(ins)), since.atOffset(ZoneOffset.UTC), limit);
        Future<List<EmergencyAccesses.Grant>> grants = pool.preparedQuery(GRANTS).execute(args).map(rows -> {
            List<EmergencyAccesses.Grant> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new EmergencyAccesses.Grant(r.getString(0), r.getOffsetDateTime(1).toInstant(),
                        r.getOffsetDateTime(2).toInstant()));
            }
            return out;
        });
        Future<List<EmergencyAccesses.Refusal>> refusals = pool.preparedQuery(REFUSALS).execute(args).map(rows -> {
            List<EmergencyAccesses.Refusal> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                String[] why = reasons.of(r.getString(3));
                out.add(new EmergencyAccesses.Refusal(r.getOffsetDateTime(0).toInstant(),
                        Optional.ofNullable(r.getString(1)), Optional.ofNullable(r.getString(2)), r.getString(3),
                        why[0], why[1]));
            }
            return out;
        });
        return Future.all(grants, refusals).recover(ServiceFailures::fail)
                .map(v -> new EmergencyAccesses(List.copyOf(grants.result()), List.copyOf(refusals.result())));
    }
}
