package fr.sante.dmp.store.patient;

import fr.sante.dmp.consent.AccessRequest;
import fr.sante.dmp.consent.Action;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.ConsentSettings;
import fr.sante.dmp.consent.Decision;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.GroupCommitAppender;
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

/** One query (state, consent, version in force), the consent engine, the audit entry by group commit, then decryption. */
public final class PgDirectivesService implements DirectivesService {
    private final SqlClient client;
    private final ConsentEngine consent;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final GroupCommitAppender audit;
    private final Clock clock;

    public PgDirectivesService(SqlClient client, ConsentEngine consent, Envelope envelope, InsHasher insHasher,
                               GroupCommitAppender audit, Clock clock) {
        this.client = client;
        this.consent = consent;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Future<Optional<AdvanceDirective>> readDirectives(Actor.Professional actor, Ins ins) {
        try {
            return read(actor, ins).recover(Changes::domain);
        } catch (RuntimeException e) {
            return Changes.domain(e);
        }
    }

    private Future<Optional<AdvanceDirective>> read(Actor.Professional actor, Ins ins) {
        Instant now = clock.instant();
        byte[] insHash = insHasher.hash(ins);
        return client.preparedQuery(DirectivesSql.FOR_PROFESSIONAL).execute(Tuple.of(Buffer.buffer(insHash)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return audit.append(event(now, actor, insHash, Changes.RECORD_NOT_FOUND, false))
                                .compose(v -> Future.failedFuture(new RecordException.NotFound("patient")));
                    }
                    Row r = rows.iterator().next();
                    AccessRequest request = new AccessRequest(actor, Action.READ_DIRECTIVES,
                            RecordState.valueOf(r.getString(1)), settings(r), Purpose.CARE, Optional.empty(), now);
                    Decision d = consent.decide(request);
                    AuditEvent event = event(now, actor, insHash, d.ruleId(), d.allowed());
                    if (d.denied()) {
                        return audit.append(event)
                                .compose(v -> Future.failedFuture(new RecordException.AccessDenied(d)));
                    }
                    return audit.append(event).map(v -> inForce(r));
                });
    }

    /** The latest non-draft version, if it is SIGNED; a REVOKED one means no directives are in force. */
    private Optional<AdvanceDirective> inForce(Row r) {
        if (r.getInteger(7) == null || !"SIGNED".equals(r.getString(8))) {
            return Optional.empty();
        }
        var key = envelope.unwrap(r.getUUID(0), r.getBuffer(2).getBytes());
        return Optional.of(Directives.directive(envelope, key, r.getUUID(0), r, 7));
    }

    private static ConsentSettings settings(Row r) {
        return Settings.from(r.getString(3), r.getBoolean(4), r.getArrayOfStrings(5), r.getArrayOfStrings(6));
    }

    private static AuditEvent event(Instant now, Actor actor, byte[] insHash, String ruleId, boolean allowed) {
        return AuditEvent.of(now, actor, AuditAction.READ_DIRECTIVES, insHash, null, ruleId, allowed, false, null);
    }
}
