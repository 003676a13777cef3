package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.CareHistoryLineFacts;
import fr.sante.dmp.consent.CareHistoryRequest;
import fr.sante.dmp.consent.CareHistorySettings;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.PatientSpaceRole;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSnapshot;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.crypto.CareLineSealer;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Reading the history: one query for the record and every setting the rules read, the care-history record-level
 * decision, then (if allowed) the lines inside the window, the line rules, the audit entry committed, and only then
 * decryption of the visible lines.
 */
final class CareHistoryReads {
    private final Pool pool;
    private final AccessDoor door;
    private final ConsentEngine consent;
    private final Envelope envelope;
    private final CareLineSealer sealer;
    private final InsHasher insHasher;
    private final Clock clock;

    CareHistoryReads(StoreKernel kernel, CareLineSealer sealer) {
        this.pool = kernel.pool();
        this.door = kernel.door();
        this.consent = kernel.consent();
        this.envelope = kernel.envelope();
        this.sealer = sealer;
        this.insHasher = kernel.insHasher();
        this.clock = kernel.clock();
    }

    Future<List<CareHistoryLine>> read(Actor actor, PatientSpaceRole role, Ins ins, Purpose purpose,
                                       Optional<String> reason) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        return pool.preparedQuery(CareHistorySql.RECORD_FOR_READ)
                .execute(Tuple.of(Buffer.buffer(insHash), ConsentSql.at(now), ConsentSql.askers(actor)))
                .recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return door.refuse(event(now, actor, insHash, RuleId.RECORD_NOT_FOUND.id(), false,
                                purpose == Purpose.BREAK_GLASS, null),
                                door.unknown(actor, Action.READ_CARE_HISTORY, purpose, reason, now));
                    }
                    Row r = rows.iterator().next();
                    ConsentSnapshot snapshot = ConsentSnapshot.from(r);
                    UUID recordId = snapshot.recordId();
                    byte[] wrapped = snapshot.wrappedKey();
                    AccessRequest access = AccessDoor.request(actor, Action.READ_CARE_HISTORY, snapshot, purpose,
                            reason, now);
                    CareHistoryRequest request = new CareHistoryRequest(access, role,
                            CareHistorySettings.of(Boolean.TRUE.equals(r.getBoolean("open_to_professionals"))));
                    Verdict v;
                    try {
                        v = door.decideCareHistory(request, snapshot);
                    } catch (RuntimeException e) {
                        return door.refuse(event(now, actor, insHash, RuleId.CONSENT_UNAVAILABLE.id(), false, false,
                                null), new RecordException.Unavailable("consent could not be decided", e));
                    }
                    Decision d = v.decision();
                    boolean breakGlass = v.emergency() || d.rule() == RuleId.BREAK_GLASS;
                    byte[] sealedReason = purpose == Purpose.BREAK_GLASS && reason.isPresent() && wrapped != null
                            ? envelope.sealReason(envelope.unwrap(recordId, wrapped), recordId, reason.get()) : null;
                    AuditEvent event = event(now, actor, insHash, d.ruleId(), d.allowed(), breakGlass, sealedReason);
                    if (d.denied()) {
                        return door.refuse(event, actor, d);
                    }
                    LocalDate cutoff = consent.careHistoryCutoff(now);
                    return pool.preparedQuery(CareHistorySql.LINES).execute(Tuple.of(recordId, cutoff))
                            .recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                            .compose(lines -> {
                                List<Row> visible = visible(request, v, lines);
                                return door.record(event).recover((e -> ServiceFailures.fail(e, "care history unavailable")))
                                        .map(ok -> open(recordId, wrapped, visible));
                            });
                });
    }

    private List<Row> visible(CareHistoryRequest request, Verdict allowed, RowSet<Row> lines) {
        List<Row> rows = new ArrayList<>(lines.size());
        List<CareHistoryLineFacts> facts = new ArrayList<>(lines.size());
        for (Row l : lines) {
            Boolean choice = l.getBoolean(4);
            rows.add(l);
            facts.add(new CareHistoryLineFacts(l.getString(1), l.getLocalDate(0), l.getBoolean(2),
                    Boolean.TRUE.equals(choice), Boolean.FALSE.equals(choice), l.getBoolean(3)));
        }
        List<CareHistoryLineFacts> visible = door.visibleLines(request, allowed, facts);
        // The filter keeps the given order and the same instances: walk both lists once.
        List<Row> out = new ArrayList<>(visible.size());
        int j = 0;
        for (int i = 0; i < facts.size() && j < visible.size(); i++) {
            if (facts.get(i) == visible.get(j)) {
                out.add(rows.get(i));
                j++;
            }
        }
        return out;
    }

    private List<CareHistoryLine> open(UUID recordId, byte[] wrapped, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        SecretKey key = envelope.unwrap(recordId, wrapped);
        List<CareHistoryLine> out = new ArrayList<>(rows.size());
        for (Row l : rows) {
            LocalDate date = l.getLocalDate(0);
            String lineId = l.getString(1);
            LinePayload p = LinePayload.decode(sealer.open(key, recordId, lineId, date, l.getBuffer(5).getBytes()));
            out.add(new CareHistoryLine(lineId, date, p.kind(), p.code(), p.label(), p.prescriber(), p.performer(),
                    p.amountCents(), l.getBoolean(2), l.getBoolean(3),
                    CareHistoryLine.PatientChoice.fromColumn(l.getBoolean(4))));
        }
        return out;
    }

    private static AuditEvent event(Instant at, Actor actor, byte[] insHash, String ruleId, boolean allowed,
                                    boolean breakGlass, byte[] reason) {
        return AuditEvent.of(at, actor, AuditAction.READ_CARE_HISTORY, insHash, null, ruleId, allowed, breakGlass,
                reason);
    }

}
