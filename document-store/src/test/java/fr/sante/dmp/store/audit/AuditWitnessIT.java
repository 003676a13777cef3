package fr.sante.dmp.store.audit;

import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.store.TestSchema;
import fr.sante.dmp.store.crypto.InsHasher;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written outside the database: what a database-only attacker can do to the database alone (cut the tail
 * and delete every checkpoint beyond the cut; roll back the head checkpoint and rewrite what it covered, even holding
 * the chain key) leaves a consistent chain that the database-only verifier accepts, and that the witness file refutes.
 */
@ExtendWith({EmbeddedPostgresExtension.class, VertxExtension.class})
class AuditWitnessIT {
    private static final int EVERY = 10;
    private static final InsHasher HASHER = new InsHasher(new byte[32]);
    private static final byte[] SIGNING_KEY = CheckpointKeys.generateSigningKey();
    private static final byte[] CHAIN_KEY = new byte[32];

    private static Vertx vertx;
    private static Pool pool;
    private static String uri;
    @TempDir
    static Path dir;
    private AuditOptions options;
    private PgAuditService withWitness;
    private PgAuditService databaseOnly;

    @BeforeAll
    static void start(Vertx vertx, TestDatabase db) {
        new SecureRandom().nextBytes(CHAIN_KEY);
        TestSchema.migrate(db);
        uri = db.pgUri();
        AuditWitnessIT.vertx = vertx;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(db.pgUri()).using(vertx).build();
    }

    /** 35 entries (checkpoints at 10, 20, 30 in their transactions), the head 35 signed and witnessed. */
    @BeforeEach
    void chainOf35WithItsHeadWitnessed() throws Exception {
        sql("DELETE FROM audit_log", "DELETE FROM audit_checkpoint",
                "UPDATE audit_head SET seq = 0, hash = decode(repeat('00', 32), 'hex')");
        Path file = dir.resolve("witness-" + UUID.randomUUID() + ".log");
        options = new AuditOptions(Optional.of(SIGNING_KEY), List.of(), EVERY, Duration.ZERO, CHAIN_KEY,
                Optional.of(file));
        AuditLog log = new AuditLog(options);
        for (int i = 0; i < 35; i++) {
            await(pool.withTransaction(tx -> log.append(tx, read())));
        }
        assertThat(await(new HeadCheckpoints(vertx, pool, options, Clock.systemUTC(), new AuditAlarm()).signHead()))
                .contains(35L);
        assertThat(Files.readAllLines(file, StandardCharsets.US_ASCII)).hasSize(1).first().asString()
                .startsWith("v1 35 ");
        withWitness = new PgAuditService(vertx, pool, HASHER, options, null, new AuditAlarm(), Clock.systemUTC());
        databaseOnly = new PgAuditService(pool, HASHER, options);
        AuditVerification v = await(withWitness.verify());
        assertThat(v.ok()).isTrue();
        assertThat(v.witnessed()).isEqualTo(1);
    }

    @Test
    void aTailCutWithEveryCheckpointBeyondItDeletedIsCaughtByTheWitness() throws Exception {
        sql("DELETE FROM audit_log WHERE seq > 32", "DELETE FROM audit_checkpoint WHERE seq > 32",
                "UPDATE audit_head SET seq = 32, hash = (SELECT hash FROM audit_log WHERE seq = 32)");
        assertThat(await(databaseOnly.verify()).ok()).as("the database alone cannot tell").isTrue();

        AuditVerification v = await(withWitness.verify());
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBreak()).contains(33L);
        assertThat(v.reason()).contains(AuditVerification.Break.WITNESS);
    }

    @Test
    void aRolledBackHeadCheckpointAndARewriteUnderItAreCaughtByTheWitness() throws Exception {
        // An insider with the chain key rewrites entry 33 and every hash after it, and deletes the head checkpoint.
        sql("UPDATE audit_log SET allowed = true, rule_id = 'care-team' WHERE seq = 33",
                "DELETE FROM audit_checkpoint WHERE seq = 35");
        AuditChain chain = new AuditChain(CHAIN_KEY);
        byte[] prev = await(pool.query("SELECT hash FROM audit_log WHERE seq = 32").execute()).iterator().next()
                .getBuffer(0).getBytes();
        for (Row r : await(pool.query("SELECT " + AuditLog.COLUMNS + " FROM audit_log WHERE seq >= 33 ORDER BY seq")
                .execute())) {
            byte[] hash = chain.hash(prev, r.getLong("seq"), AuditLog.event(r));
            await(pool.preparedQuery("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3")
                    .execute(Tuple.of(Buffer.buffer(prev), Buffer.buffer(hash), r.getLong("seq"))));
            prev = hash;
        }
        await(pool.preparedQuery("UPDATE audit_head SET hash = $1 WHERE id").execute(Tuple.of(Buffer.buffer(prev))));
        assertThat(await(databaseOnly.verify()).ok()).as("the database alone cannot tell").isTrue();

        AuditVerification v = await(withWitness.verify());
        assertThat(v.firstBreak()).contains(35L);
        assertThat(v.reason()).contains(AuditVerification.Break.WITNESS);
    }

    @Test
    void aDeletedCheckpointRowAloneIsCaughtToo() throws Exception {
        sql("DELETE FROM audit_checkpoint WHERE seq = 35");
        assertThat(await(withWitness.verify()).reason()).contains(AuditVerification.Break.WITNESS);
    }

    @Test
    void theReadOnlyVerifierChecksTheWitnessAndWritesNothing() throws Exception {
        sql("DELETE FROM audit_checkpoint WHERE seq = 35");
        long checkpoints = await(pool.query("SELECT count(*) FROM audit_checkpoint").execute()).iterator().next()
                .getLong(0);
        AuditVerification v = await(PgAuditService.verifyReadOnly(vertx, uri, options));
        assertThat(v.reason()).contains(AuditVerification.Break.WITNESS);
        assertThat(await(pool.query("SELECT count(*) FROM audit_checkpoint").execute()).iterator().next().getLong(0))
                .isEqualTo(checkpoints);
    }

    private static AuditEvent read() {
        return new AuditEvent(Instant.now(), AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
                AuditAction.READ_DOCUMENT, HASHER.hash(Ins.parse("185057512345673")), UUID.randomUUID(),
                "not-in-care-team", false, false, null);
    }

    private static void sql(String... statements) throws Exception {
        for (String s : statements) {
            await(pool.query(s).execute());
        }
    }
}
