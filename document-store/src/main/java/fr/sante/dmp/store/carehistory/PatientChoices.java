package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.CareHistoryRequest;
import fr.sante.dmp.consent.CareHistorySettings;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/** The patient's choices on their care history: one transaction each, the audit entry appended in it, last. */
final class PatientChoices {
    private static final String RECORD = "SELECT id, state FROM record WHERE ins_hash = $1 FOR SHARE";

    private final Pool pool;
    private final ConsentEngine consent;
    private final InsHasher insHasher;
    private final AccessDoor door;
    private final Clock clock;

    PatientChoices(StoreKernel kernel) {
        this.pool = kernel.pool();
        this.consent = kernel.consent();
        this.insHasher = kernel.insHasher();
        this.door = kernel.door();
        this.clock = kernel.clock();
    }

    Future<Void> setLineHidden(Ins ins, String lineId, boolean hidden) {
        AuditAction action = hidden ? AuditAction.HIDE_CARE_HISTORY_LINE : AuditAction.SHOW_CARE_HISTORY_LINE;
        return change(ins, action, (tx, recordId) -> tx.preparedQuery(CareHistorySql.SET_CHOICE)
                .execute(Tuple.of(recordId, lineId, hidden, consent.careHistoryCutoff(clock.instant())))
                .map(rs -> rs.rowCount() > 0));
    }

    Future<Void> setOpen(Ins ins, boolean open) {
        AuditAction action = open ? AuditAction.OPEN_CARE_HISTORY : AuditAction.QUARANTINE_CARE_HISTORY;
        return change(ins, action, (tx, recordId) -> tx.preparedQuery(CareHistorySql.SET_OPEN)
                .execute(Tuple.of(recordId, open, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                .map(rs -> true));
    }

    /** {@code apply} answers whether its target existed; the audit entry and any failure commit together. */
    private Future<Void> change(Ins ins, AuditAction action,
                                BiFunction<SqlConnection, UUID, Future<Boolean>> apply) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] insHash = insHasher.hash(ins);
        Actor.Patient patient = new Actor.Patient(ins);
        return pool.<RecordException>withTransaction(tx -> tx.preparedQuery(RECORD)
                .execute(Tuple.of(Buffer.buffer(insHash)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return door.record(tx, AuditEvent.of(now, patient, action, insHash, null,
                                        RuleId.RECORD_NOT_FOUND.id(), false, false, null))
                                .map(seq -> new RecordException.NotFound("patient"));
                    }
                    Row r = rows.iterator().next();
                    UUID recordId = r.getUUID(0);
                    AccessRequest access = new AccessRequest(patient, Action.READ_CARE_HISTORY,
                            RecordState.valueOf(r.getString(1)), ConsentSettings.DEFAULT, Purpose.CARE,
                            Optional.empty(), now);
                    Decision d = door.decideOwnCareHistory(CareHistoryRequest.of(access,
                            CareHistorySettings.QUARANTINED));
                    if (d.denied()) {
                        return door.record(tx, AuditEvent.of(now, patient, action, insHash, null, d))
                                .map(seq -> new RecordException.AccessDenied(d));
                    }
                    return apply.apply(tx, recordId).compose(found -> found
                            ? door.record(tx, AuditEvent.of(now, patient, action, insHash, null, d))
                                    .map(seq -> (RecordException) null)
                            : door.record(tx, AuditEvent.of(now, patient, action, insHash, null,
                                    RuleId.CARE_HISTORY_LINE_NOT_FOUND.id(), false, false, null))
                                    .map(seq -> new RecordException.NotFound("care history line")));
                }))
                .recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                .compose(failure -> failure == null ? Future.succeededFuture() : Future.failedFuture(failure));
    }
}
