package fr.sante.dmp.store.record;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Purpose;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.audit.GroupCommitAppender;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The record services on PostgreSQL. Writes go through {@code pool} in transactions; reads through {@code client}, a
 * pipelined client (never used for transactions), with their audit entries group-committed.
 */
public final class PgRecordService implements RecordService {
    static final int MIN_REASON = 10;

    private final Reads reads;
    private final Writes writes;

    public PgRecordService(Vertx vertx, Pool pool, SqlClient client, ConsentEngine consent, Envelope envelope,
                           InsHasher insHasher, AuditLog auditLog, GroupCommitAppender appender, Clock clock) {
        this.reads = new Reads(vertx, client, consent, envelope, insHasher, appender, clock);
        this.writes = new Writes(vertx, pool, consent, envelope, insHasher, auditLog, clock);
    }

    @Override
    public Future<Registration> register(String operator, Ins ins, PersonRegistration person) {
        return guarded(() -> writes.register(operator, ins, person));
    }

    @Override
    public Future<UUID> deposit(Actor.Professional actor, Ins ins, NewDocument document) {
        return guarded(() -> writes.deposit(actor, ins, document));
    }

    @Override
    public Future<List<DocumentSummary>> listDocuments(Actor actor, Ins ins) {
        return guarded(() -> reads.list(actor, ins, Purpose.CARE, Optional.empty()));
    }

    @Override
    public Future<DocumentContent> readDocument(Actor actor, UUID documentId) {
        return guarded(() -> reads.read(actor, documentId));
    }

    @Override
    public Future<List<DocumentSummary>> breakGlass(Actor.Professional actor, Ins ins, String reason) {
        if (reason == null || reason.strip().length() < MIN_REASON) {
            return Future.failedFuture(new RecordException.Invalid("reason",
                    "must be at least " + MIN_REASON + " characters"));
        }
        return guarded(() -> reads.list(actor, ins, Purpose.BREAK_GLASS, Optional.of(reason.strip())));
    }

    /** Synchronous throws (validation, a skeleton) become failed futures; anything not a domain error fails closed. */
    private static <T> Future<T> guarded(Supplier<Future<T>> call) {
        try {
            return call.get().recover(Outcomes::fail);
        } catch (RuntimeException e) {
            return Outcomes.fail(e);
        }
    }
}
