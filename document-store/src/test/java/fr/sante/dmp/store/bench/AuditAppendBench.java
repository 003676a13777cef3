package fr.sante.dmp.store.bench;

import static fr.sante.dmp.store.testing.Await.await;

import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.audit.GroupCommitAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Not a test: the CPU time PostgreSQL spends per audit entry appended through {@code GroupCommitAppender}, as reads do:
 * each step hands it {@code batch} entries at once (they leave as one or two group commits) and waits. Reads the CPU of the one
 * backend serving the bench from /proc (so it must run on the database's machine), which a machine busy with other jobs
 * disturbs far less than throughput. Run it against two gateway jars (old and new AuditLog) on the same database, in
 * turns. Arguments: port, database (created with the audit tables if missing), batch size, batches per round, rounds.
 * <pre>
 * javac -d /tmp/ab -cp gateway/target/dmp-gateway.jar document-store/src/test/java/fr/sante/dmp/store/bench/AuditAppendBench.java
 * java -cp /tmp/ab:gateway/target/dmp-gateway.jar fr.sante.dmp.store.bench.AuditAppendBench 5432 auditbench 17 2000 5
 * </pre>
 */
public final class AuditAppendBench {
    /** The longest wait for one step: a measured round of appends. */
    private static final Duration LOAD = Duration.ofMinutes(2);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String database = args[1];
        int batch = Integer.parseInt(args[2]);
        int batches = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Vertx vertx = Vertx.vertx();
        PgConnectOptions admin = new PgConnectOptions().setHost("127.0.0.1").setPort(port).setUser("postgres")
                .setDatabase("postgres").setCachePreparedStatements(true);
        Pool adminPool = PgBuilder.pool().connectingTo(admin).using(vertx).build();
        boolean exists = await(adminPool.query("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")
                .execute(), LOAD).size() > 0;
        if (!exists) {
            await(adminPool.query("CREATE DATABASE " + database).execute(), LOAD);
        }
        await(adminPool.close(), LOAD);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions(admin).setDatabase(database)).using(vertx).build();
        if (!exists) {
            try (InputStream ddl = AuditLog.class.getClassLoader().getResourceAsStream("db/store/V2__audit.sql")) {
                for (String statement : new String(ddl.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                    if (!statement.replaceAll("--[^\n]*", "").isBlank()) {
                        await(pool.query(statement).execute(), LOAD);
                    }
                }
            }
        }
        int pid = await(pool.query("SELECT pg_backend_pid()").execute(), LOAD).iterator().next().getInteger(0);
        AuditLog log = new AuditLog();
        GroupCommitAppender appender = new GroupCommitAppender(vertx, pool, log);
        byte[] insHash = new byte[32];
        for (int r = 0; r < rounds; r++) {
            long before = backendTicks(pid);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                List<Future<Void>> calls = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    insHash[0] = (byte) i;
                    insHash[1] = (byte) b;
                    insHash[2] = (byte) r;
                    calls.add(appender.append(new AuditEvent(Instant.now(), AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
                            AuditAction.LIST_DOCUMENTS, insHash.clone(), i % 2 == 0 ? null : UUID.randomUUID(),
                            "care-team", true, false, null)));
                }
                await(Future.all(calls), LOAD);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            long ticks = backendTicks(pid) - before;
            long entries = (long) batch * batches;
            System.out.printf("round %d: batch %d, %d entries in %.1f s: PostgreSQL backend %.1f µs CPU per entry%n",
                    r + 1, batch, entries, wall, ticks * 1e6 / 100.0 / entries);
        }
        await(vertx.close(), LOAD);
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    private static long backendTicks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
