package fr.sante.dmp.store.audit;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.crypto.InsHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification of the chain, its signed checkpoints and the witness file (paged by seq, constant memory), the
 * per-patient history, and the audit of operators' privileged reads.
 */
public final class PgAuditService implements AuditService {
    private static final Logger LOG = LoggerFactory.getLogger(PgAuditService.class);
    static final int PAGE = 2000;
    private static final String PAGE_SQL =
            "SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";
    private static final String HEAD = "SELECT h.seq, h.hash, f.keyed_from FROM audit_head h, audit_chain f WHERE h.id";
    private static final String HISTORY = "SELECT " + AuditLog.COLUMNS + " FROM audit_log "
            + "WHERE ins_hash = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";

    private static final String CHECKPOINT_COLUMNS = "c.seq, c.hash, c.at, c.every_entries, c.key_id, c.signature";
    private static final String CHECKPOINTS = "SELECT " + CHECKPOINT_COLUMNS + " FROM audit_checkpoint c "
            + "WHERE c.seq > $1 AND c.seq <= $2 ORDER BY c.seq";
    private static final String BEYOND_HEAD = "SELECT " + CHECKPOINT_COLUMNS + ", l.hash AS entry_hash "
            + "FROM audit_checkpoint c LEFT JOIN audit_log l ON l.seq = c.seq WHERE c.seq > $1 ORDER BY c.seq";
    /** What the database holds at the positions of a page of witness lines, in the lines' order. */
    private static final String WITNESSED = "SELECT w.seq, l.hash AS entry_hash, c.hash AS row_hash "
            + "FROM unnest($1::bigint[]) WITH ORDINALITY AS w(seq, i) LEFT JOIN audit_log l ON l.seq = w.seq "
            + "LEFT JOIN audit_checkpoint c ON c.seq = w.seq ORDER BY w.i";

    private final Vertx vertx;
    private final Pool pool;
    private final InsHasher insHasher;
    private final CheckpointKeys keys;
    private final int every;
    private final AuditChain chain;
    private final Optional<WitnessFile> witness;
    private final GroupCommitAppender appender;
    private final AuditAlarm alarm;
    private final Clock clock;

    /** A verifier of the chain alone (no signed checkpoints, the public chain key). */
    public PgAuditService(Pool pool, InsHasher insHasher) {
        this(pool, insHasher, AuditOptions.unsigned());
    }

    /** A verifier that also checks the signed checkpoints against the trusted keys of {@code options}. */
    public PgAuditService(Pool pool, InsHasher insHasher, AuditOptions options) {
        this(null, pool, insHasher, options, null, new AuditAlarm(), Clock.systemUTC());
    }

    /**
     * The store's service: {@code vertx} reads the witness file of {@code options} on its workers, {@code appender}
     * audits operators' reads, {@code alarm} is the signers' (its count is reported).
     */
    public PgAuditService(Vertx vertx, Pool pool, InsHasher insHasher, AuditOptions options,
                          GroupCommitAppender appender, AuditAlarm alarm, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.insHasher = insHasher;
        this.keys = CheckpointKeys.from(options);
        this.every = options.checkpointEvery();
        this.chain = new AuditChain(options.chainKey());
        this.witness = vertx == null ? Optional.empty() : options.witnessFile().map(WitnessFile::new);
        this.appender = appender;
        this.alarm = alarm;
        this.clock = clock;
    }

    /**
     * Verifies the chain, its checkpoints and the witness file with nothing but reads: its own small pool whose
     * sessions are read-only ({@code default_transaction_read_only}), no migration, no signer. For
     * {@code ./dmp audit verify}, which must leave the database as it found it.
     */
    public static Future<AuditVerification> verifyReadOnly(Vertx vertx, String pgUri, AuditOptions options) {
        PgConnectOptions connect = PgConnectOptions.fromUri(pgUri);
        Map<String, String> properties = new HashMap<>(connect.getProperties());
        properties.put("default_transaction_read_only", "on");
        connect.setProperties(properties);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build();
        PgAuditService verifier = new PgAuditService(vertx, pool, new InsHasher(new byte[32]), options, null,
                new AuditAlarm(), Clock.systemUTC());
        return verifier.verify().eventually(pool::close);
    }

    @Override
    public Future<AuditVerification> verify() {
        // The head is read first: entries appended while we walk are beyond it and checked next time.
        return pool.preparedQuery(HEAD).execute()
                .compose(head -> {
                    Row h = head.iterator().next();
                    ChainWalk walk = new ChainWalk(keys, chain, h.getLong("keyed_from"), every, h.getLong("seq"),
                            h.getBuffer("hash").getBytes());
                    return page(walk);
                })
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit verification failed", e)));
    }

    @Override
    public Future<Void> auditOperatorRead(String actor, AuditAction action, String ruleId) {
        if (appender == null) {
            return Future.failedFuture(new IllegalStateException("a verifier does not append"));
        }
        return appender.append(AuditEvent.operator(clock.instant(), actor, action, null, ruleId))
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit unavailable", e)));
    }

    @Override
    public Future<Void> auditProfessionalRead(Actor.Professional professional, AuditAction action, String ruleId) {
        if (appender == null) {
            return Future.failedFuture(new IllegalStateException("a verifier does not append"));
        }
        return appender.append(AuditEvent.of(clock.instant(), professional, action, null, null, ruleId, true, false,
                        null))
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit unavailable", e)));
    }

    @Override
    public long refusedCheckpoints() {
        return alarm.refusedCheckpoints();
    }

    private Future<AuditVerification> page(ChainWalk walk) {
        long from = walk.lastSeq();
        long limit = Math.min(PAGE, walk.headSeq() - from);
        if (limit <= 0) {
            return beyondHead(walk);
        }
        Future<RowSet<Row>> entries = pool.preparedQuery(PAGE_SQL).execute(Tuple.of(from, limit));
        Future<RowSet<Row>> checkpoints = keys.verifies()
                ? pool.preparedQuery(CHECKPOINTS).execute(Tuple.of(from, from + limit))
                : Future.succeededFuture(null);
        return Future.all(entries, checkpoints).compose(both -> {
            RowSet<Row> rows = entries.result();
            if (rows.size() == 0) {
                return beyondHead(walk);
            }
            Map<Long, byte[]> stored = new HashMap<>();
            for (Row r : rows) {
                walk.entry(r);
                stored.put(r.getLong("seq"), r.getBuffer("hash").getBytes());
            }
            if (checkpoints.result() != null) {
                for (Row c : checkpoints.result()) {
                    walk.checkpoint(c, stored.get(c.getLong("seq")));
                }
            }
            return page(walk);
        });
    }

    /** Signed checkpoints past the head read at the start must name entries that exist (a truncated tail). */
    private Future<AuditVerification> beyondHead(ChainWalk walk) {
        if (!keys.verifies()) {
            return Future.succeededFuture(walk.finish());
        }
        return pool.preparedQuery(BEYOND_HEAD).execute(Tuple.of(walk.headSeq())).compose(rows -> {
            for (Row c : rows) {
                Buffer stored = c.getBuffer("entry_hash");
                walk.beyondHead(c, stored == null ? null : stored.getBytes());
            }
            return witness.isPresent() ? witnessed(walk, witness.get(), 0) : Future.succeededFuture(walk);
        }).map(ChainWalk::finish);
    }

    /** The witness file, page by page: each line's position looked up in the database. */
    private Future<ChainWalk> witnessed(ChainWalk walk, WitnessFile file, long offset) {
        return file.read(vertx, offset).compose(page -> {
            page.unreadable().forEach(at -> LOG.warn("witness file: unreadable line at byte {}", at));
            if (page.lines().isEmpty()) {
                return page.next() < 0 ? Future.succeededFuture(walk) : witnessed(walk, file, page.next());
            }
            Long[] seqs = page.lines().stream().map(l -> l.checkpoint().seq()).toArray(Long[]::new);
            return pool.preparedQuery(WITNESSED).execute(Tuple.of(seqs)).compose(rows -> {
                int i = 0;
                for (Row r : rows) {
                    Buffer entry = r.getBuffer("entry_hash");
                    Buffer row = r.getBuffer("row_hash");
                    walk.witness(page.lines().get(i++), entry == null ? null : entry.getBytes(),
                            row == null ? null : row.getBytes());
                }
                return page.next() < 0 ? Future.succeededFuture(walk) : witnessed(walk, file, page.next());
            });
        });
    }

    @Override
    public Future<List<AuditEntry>> history(Ins ins, long beforeSeq, int limit) {
        if (limit < 1 || limit > 500) {
            return Future.failedFuture(new RecordException.Invalid("limit", "must be between 1 and 500"));
        }
        Tuple args = Tuple.of(Buffer.buffer(insHasher.hash(ins)), beforeSeq, limit);
        return pool.preparedQuery(HISTORY).execute(args)
                .map(PgAuditService::entries)
                .recover(e -> Future.failedFuture(new RecordException.Unavailable("audit history unavailable", e)));
    }

    private static List<AuditEntry> entries(RowSet<Row> rows) {
        List<AuditEntry> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            AuditEvent e = AuditLog.event(r);
            out.add(new AuditEntry(r.getLong("seq"), e.at(), e.actorKind(), Optional.ofNullable(e.actorId()),
                    Optional.ofNullable(e.profession()), e.action(), Optional.ofNullable(e.documentId()),
                    e.ruleId(), e.allowed(), e.breakGlass()));
        }
        return out;
    }
}
