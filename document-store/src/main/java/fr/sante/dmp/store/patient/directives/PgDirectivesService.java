package fr.sante.dmp.store.patient.directives;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.access.ConsentSnapshot;
import fr.sante.dmp.store.access.ConsentSql;
import fr.sante.dmp.store.access.Verdict;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** One query (consent snapshot, version in force), the door (decision, audit entry by group commit), decryption. */
public final class PgDirectivesService implements DirectivesService {
    private final SqlClient client;
    private final AccessDoor door;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final Clock clock;

    public PgDirectivesService(SqlClient client, AccessDoor door, Envelope envelope, InsHasher insHasher,
                               Clock clock) {
        this.client = client;
        this.door = door;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.clock = clock;
    }

    @Override
    public Future<Optional<AdvanceDirective>> readDirectives(Actor.Professional actor, Ins ins) {
        try {
            return read(actor, ins).recover(ServiceFailures::fail);
        } catch (RuntimeException e) {
            return ServiceFailures.fail(e);
        }
    }

    private Future<Optional<AdvanceDirective>> read(Actor.Professional actor, Ins ins) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        return client.preparedQuery(DirectivesSql.FOR_PROFESSIONAL)
                .execute(Tuple.of(Buffer.buffer(insHash), ConsentSql.at(now), ConsentSql.askers(actor)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return door.refuse(event(now, actor, insHash, RuleId.RECORD_NOT_FOUND.id(), false, false),
                                door.unknown(actor, Action.READ_DIRECTIVES, Purpose.CARE, Optional.empty(), now));
                    }
                    Row r = rows.iterator().next();
                    ConsentSnapshot snapshot = ConsentSnapshot.from(r);
                    AccessRequest request = AccessDoor.request(actor, Action.READ_DIRECTIVES, snapshot, Purpose.CARE,
                            Optional.empty(), now);
                    Verdict v = door.decide(request, snapshot);
                    AuditEvent event = event(now, actor, insHash, v.decision().ruleId(), v.allowed(), v.emergency());
                    if (v.denied()) {
                        return door.refuse(event, actor, v.decision());
                    }
                    return door.record(event).map(ok -> inForce(snapshot, r));
                });
    }

    /** The latest non-draft version, if it is SIGNED; a REVOKED one means no directives are in force. */
    private Optional<AdvanceDirective> inForce(ConsentSnapshot snapshot, Row r) {
        int version = r.getColumnIndex("version");
        if (r.getInteger(version) == null || !"SIGNED".equals(r.getString(version + 1))) {
            return Optional.empty();
        }
        var key = envelope.unwrap(snapshot.recordId(), snapshot.wrappedKey());
        return Optional.of(Directives.directive(envelope, key, snapshot.recordId(), r, version));
    }

    private static AuditEvent event(Instant now, Actor actor, byte[] insHash, String ruleId, boolean allowed,
                                    boolean emergency) {
        return AuditEvent.of(now, actor, AuditAction.READ_DIRECTIVES, insHash, null, ruleId, allowed, emergency,
                null);
    }
}
