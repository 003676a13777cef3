package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.DocumentFacts;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A submission set read by its id (the FHIR face's {@code List/<id>}), through the door as a listing of its documents:
 * the set, its record's consent snapshot and its documents' facts in one statement; a record-level refusal is the
 * refusal a read of one of its documents gets, documents this actor may not see are absent, and a set none of whose
 * documents this actor may see is refused as the read of its first document would be. One audit entry.
 */
final class SubmissionSets {
    private final SqlClient client;
    private final AccessDoor door;
    private final Clock clock;

    SubmissionSets(SqlClient client, AccessDoor door, Clock clock) {
        this.client = client;
        this.door = door;
        this.clock = clock;
    }

    Future<SubmissionSet> read(Actor.Professional actor, UUID id, RecordService.Admission admission) {
        Instant now = clock.instant();
        return client.preparedQuery(RecordSql.SUBMISSION_SET)
                .execute(Tuple.of(id, ConsentSql.at(now), ConsentSql.askers(actor)))
                .recover(ServiceFailures::fail)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, null, null,
                                door.outcome(RuleId.DOCUMENT_NOT_FOUND)), new RecordException.NotFound("List"));
                    }
                    Row row = rows.iterator().next();
                    byte[] insHash = row.getBuffer("ins_hash").getBytes();
                    RecordView view = RecordView.from(row, true);
                    AccessRequest request = AccessDoor.request(actor, Action.LIST_DOCUMENTS, view.snapshot(),
                            Purpose.CARE, Optional.empty(), now);
                    Verdict v;
                    List<UUID> visible;
                    try {
                        List<DocumentFacts> facts = view.facts();
                        AccessDoor.Filtered f = door.filter(request, view.snapshot(), facts);
                        v = f.verdict();
                        visible = inSetOrder(row, f.visible());
                        if (v.allowed() && visible.isEmpty() && !facts.isEmpty()) {
                            // Nothing of the set may be seen: the answer a read of its first document gets.
                            v = door.decide(AccessDoor.request(actor, Action.READ_DOCUMENT, view.snapshot(),
                                    Purpose.CARE, Optional.empty(), now), view.snapshot(), facts.get(0));
                        }
                    } catch (RuntimeException e) {
                        return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                                RuleId.CONSENT_UNAVAILABLE.id(), false, false, null),
                                new RecordException.Unavailable("consent could not be decided", e));
                    }
                    AuditEvent event = AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                            v.decision().ruleId(), v.allowed(), v.emergency(), null);
                    if (AccessDoor.erased(view.state())) {
                        // An erased record's set is gone, as an unknown id is (and names no patient to admit).
                        return door.refuse(event, new RecordException.NotFound("List"));
                    }
                    if (view.documents().isEmpty()) {
                        // Its documents were all deleted since (a patient's own newer versions): nothing to answer for.
                        return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                                door.outcome(RuleId.DOCUMENT_NOT_FOUND)), new RecordException.NotFound("List"));
                    }
                    Verdict decided = v;
                    return admission.admit(insHash).transform(ar -> {
                        if (ar.failed()) {
                            return door.refuse(AuditEvent.of(now, actor, AuditAction.LIST_DOCUMENTS, insHash, null,
                                    door.outcome(RuleId.PATIENT_QUOTA_EXCEEDED)),
                                    new RecordException.NotAdmitted(ar.cause()));
                        }
                        if (decided.denied()) {
                            return door.refuse(event, actor, decided.decision());
                        }
                        return door.record(event).recover(ServiceFailures::fail).map(ok -> new SubmissionSet(id,
                                row.getString("source_id"), row.getString("author_rpps"),
                                row.getOffsetDateTime("submitted_at").toInstant(), visible));
                    });
                });
    }

    /** The visible documents in the order the bundle gave them. */
    private static List<UUID> inSetOrder(Row row, List<DocumentFacts> visible) {
        Set<String> ids = new HashSet<>();
        visible.forEach(d -> ids.add(d.id()));
        List<UUID> out = new ArrayList<>(visible.size());
        for (UUID d : row.getArrayOfUUIDs("set_documents")) {
            if (ids.contains(d.toString())) {
                out.add(d);
            }
        }
        return out;
    }
}
