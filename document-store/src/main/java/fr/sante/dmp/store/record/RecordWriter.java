package fr.sante.dmp.store.record;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RecordStatus;
import fr.sante.dmp.notify.GroupCommit;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.access.AccessDoor;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Registration and deposit: the audit entry appended in the write's transaction, last, so that a write and its trace
 * commit or vanish together (a registration is a transaction of its own, deposits share one by group commit).
 */
final class RecordWriter {
    private final Pool pool;
    private final Envelope envelope;
    private final InsHasher insHasher;
    private final AccessDoor door;
    private final Clock clock;
    private final RecordLifecycle lifecycle;
    private final DepositBatch depositBatch;
    private final GroupCommit<DepositBatch.Request, DepositBatch.Outcome> deposits;

    RecordWriter(Vertx vertx, Pool pool, AccessDoor door, Envelope envelope, InsHasher insHasher, Clock clock) {
        this.pool = pool;
        this.envelope = envelope;
        this.insHasher = insHasher;
        this.door = door;
        this.clock = clock;
        this.lifecycle = door.consent().lifecycle(clock);
        this.depositBatch = new DepositBatch(vertx, pool, door, envelope);
        this.deposits = new GroupCommit<>(vertx, DepositBatch.MAX_DEPOSITS, depositBatch::run);
    }

    Future<Registration> register(String operator, Ins ins, PersonRegistration person) {
        Validation.person(operator, person, LocalDate.now(clock));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] insHash = insHasher.hash(ins);
        RecordStatus status = person.initialState() == RecordState.INVITED ? lifecycle.invited(now) : lifecycle.active();
        UUID recordId = UUID.randomUUID();
        Envelope.NewDataKey key = envelope.newDataKey(recordId);
        byte[] identity = envelope.sealIdentity(key.key(), recordId, identityJson(ins, person));
        Tuple record = Tuple.from(new Object[] {
            recordId, Buffer.buffer(insHash), status.state().name(),
            status.invitedAt().map(RecordWriter::time).orElse(null),
            status.oppositionDeadline().map(RecordWriter::time).orElse(null),
            Buffer.buffer(key.wrapped()), Buffer.buffer(identity), time(now)
        });
        return pool.withTransaction(tx -> tx.preparedQuery(RecordSql.INSERT_RECORD).execute(record).compose(ins0 -> {
            if (ins0.size() == 1) {
                return tx.preparedQuery(RecordSql.INSERT_SETTINGS).execute(Tuple.of(recordId, time(now)))
                        .compose(v -> door.record(tx, AuditEvent.operator(now, operator, AuditAction.REGISTER,
                                insHash, "register-created")))
                        .map(seq -> new Registration(true, status.state()));
            }
            return tx.preparedQuery(RecordSql.STATE_BY_INS).execute(Tuple.of(Buffer.buffer(insHash)))
                    .compose(rows -> {
                        RecordState existing = RecordState.valueOf(rows.iterator().next().getString(0));
                        return door.record(tx, AuditEvent.operator(now, operator, AuditAction.REGISTER, insHash,
                                "register-existing")).map(seq -> new Registration(false, existing));
                    });
        })).recover(ServiceFailures::fail);
    }

    /**
     * Deposits go by group commit ({@link DepositBatch}): the deposits that arrive while a batch is in flight share
     * the next transaction, its audit head lock and its WAL flush, which every audited write would otherwise take in
     * turn (docs/BENCHMARKS.md, "What a deposit costs"). A large content is deposited in a
     * transaction of its own, through the same
     * code, so that its sealing and transfer hold up no other deposit.
     */
    Future<UUID> deposit(Actor.Professional actor, Ins ins, NewDocument document) {
        return deposit(actor, AuditAction.DEPOSIT, ins, document);
    }

    /** The patient's own document, replacing their earlier ones of its class (the medical profile). */
    Future<UUID> depositOwn(Actor.Patient actor, NewDocument document, AuditAction action) {
        return deposit(actor, action, actor.ins(), document);
    }

    private Future<UUID> deposit(Actor actor, AuditAction action, Ins ins, NewDocument document) {
        try {
            Validation.document(document);
        } catch (RecordException e) {
            return Future.failedFuture(e);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        DepositBatch.Request request = new DepositBatch.Request(actor, action, document, now, insHasher.hash(ins));
        Future<DepositBatch.Outcome> outcome = document.content().length < DocumentReader.BLOCKING_CRYPTO_BYTES
                ? deposits.submit(request)
                : depositBatch.run(List.of(request)).map(outcomes -> outcomes.get(0));
        // Denials and unknown patients committed their audit entry, then fail the call.
        return outcome.recover(ServiceFailures::fail).compose(DepositBatch.Outcome::toFuture);
    }

    /** The sealed identity; {@code department} is the birth département of the INS (research extracts). */
    static byte[] identityJson(Ins ins, PersonRegistration p) {
        JsonObject json = new JsonObject()
                .put("birthDate", p.birthDate().toString())
                .put("givenName", p.givenName())
                .put("familyName", p.familyName())
                .put("sex", p.sex())
                .put("department", ins.birthDepartment());
        p.phone().ifPresent(v -> json.put("phone", v));
        p.email().ifPresent(v -> json.put("email", v));
        return json.toBuffer().getBytes();
    }

    private static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
