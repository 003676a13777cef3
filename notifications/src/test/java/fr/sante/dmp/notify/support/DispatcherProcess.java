package fr.sante.dmp.notify.support;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.Notifications;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dispatcher in its own JVM, so that a test can kill it with SIGKILL ({@link Process#destroyForcibly()}) in the
 * middle of a batch: no shutdown hook, no drain, exactly what a crash or an OOM kill does. Arguments:
 * {@code pgPort smppPort smtpPort smsPerSecond batchSize leaseMillis}. Prints {@code ready} once started.
 */
public final class DispatcherProcess {
    private DispatcherProcess() {
    }

    public static void main(String[] args) throws Exception {
        int pgPort = Integer.parseInt(args[0]);
        int smppPort = Integer.parseInt(args[1]);
        int smtpPort = Integer.parseInt(args[2]);
        int smsPerSecond = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
        Vertx vertx = Vertx.vertx();
        PgConnectOptions connect = new PgConnectOptions().setHost("localhost").setPort(pgPort).setDatabase("postgres")
                .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true);
        var pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(connect).using(vertx).build();
        NotifyOptions.Smpp smpp = NotifyOptions.Smpp.of("127.0.0.1", smppPort, "dmp", "dmp-dev")
                .withThroughput(smsPerSecond);
        NotifyOptions.Smtp smtp = NotifyOptions.Smtp.of("127.0.0.1", smtpPort, "DMP <ne-pas-repondre@example.org>");
        NotifyOptions.Dispatch dispatch = Messages.fastDispatch().withBatch(batch, 2).withLease(lease);
        Notifications.start(vertx, pool, new NotifyOptions(smpp, smtp, dispatch, Messages.KEY))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }

    /** Starts {@link #main} in a new JVM with this JVM's class path; its output goes to {@code log}. */
    public static Process launch(Path log, int pgPort, int smppPort, int smtpPort, int smsPerSecond, int batch,
                                 Duration lease) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // start fast: the child lives a few seconds
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DispatcherProcess.class.getName());
        for (Object a : new Object[] {pgPort, smppPort, smtpPort, smsPerSecond, batch, lease.toMillis()}) {
            cmd.add(String.valueOf(a));
        }
        File out = log.toFile();
        out.getParentFile().mkdirs();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out))
                .start();
    }
}
