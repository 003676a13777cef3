package fr.sante.dmp.notify;

import static fr.sante.dmp.notify.support.Await.during;
import static fr.sante.dmp.notify.support.Await.result;
import static fr.sante.dmp.notify.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.notify.email.MessageIds;
import fr.sante.dmp.dev.EmbeddedMessaging;
import fr.sante.dmp.dev.ReceivedSms;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.support.DispatcherProcess;
import fr.sante.dmp.notify.support.Messages;
import fr.sante.dmp.notify.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash injection: a dispatcher in its own JVM is killed with SIGKILL at a random point while it sends, a new one is
 * started, and every message is counted where it arrives (the SMSC and the SMTP server). The exact accounting: every
 * message arrives at least once (none lost); a message arrives twice only if, when the process died, the receiver
 * already had it while the outbox still said SENDING, i.e. the kill landed between the provider's acceptance and the
 * commit of the outcome (the window documented in docs/notifications.md); every other message arrives exactly once.
 * {@code -Dcrash.runs=100} for the reliability figure (docs/RELIABILITY.md); a few runs by default.
 */
@ExtendWith(VertxExtension.class)
class DispatcherCrashIT {
    private static final int RUNS = Integer.getInteger("crash.runs", 3);
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final int SMS_PER_RUN = 60;
    private static final int MAILS_PER_RUN = 12;
    private static final int SMS_PER_SECOND = 150; // slow enough that a kill lands inside a batch
    private static final int BATCH = 10;
    private static final int LOOPS = 2; // Messages.fastDispatch().withBatch(BATCH, 2) in the child
    /**
     * Long enough that a live dispatcher never loses its own lease on this shared, loaded machine (a lease that
     * expires under a slow batch lets a second loop resend it: a duplicate that is not the crash window).
     */
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path LOGS = Path.of("target", "crash-injection");

    private static Vertx vertx;
    private static Pool pool;
    private static EmbeddedMessaging embedded;
    private static Outbox outbox;

    @BeforeAll
    static void startServers(Vertx vertx) {
        TestDatabase.postgres();
        TestDatabase.truncate();
        DispatcherCrashIT.vertx = vertx;
        pool = TestDatabase.pool(vertx, 4);
        embedded = result(EmbeddedMessaging.start(vertx, 0));
        outbox = Notifications.outboxOnly(Messages.KEY);
    }

    @AfterAll
    static void stopServers() {
        result(embedded.close());
        result(pool.close());
    }

    /** At one kill: how many messages were claimed (SENDING), and which of those the receivers already had. */
    private record RunResult(int inFlightAtKill, Set<String> window) {
    }

    @Test
    void dispatcherKilledMidBatchLosesNothingAndDuplicatesOnlyWhatTheProviderAcceptedBeforeTheCommit()
            throws Exception {
        Random random = new Random(SEED);
        embedded.smsc().clear();
        embedded.mail().clear();
        long started = System.nanoTime();
        int killedMidBatch = 0;
        int inWindow = 0;
        int duplicates = 0;
        int messages = 0;
        Process current = launch();
        try {
            for (int run = 1; run <= RUNS; run++) {
                Map<String, Channel> refs = enqueue(run);
                messages += refs.size();
                RunResult r = killAndRestart(current, refs, 1 + random.nextInt(refs.size() - 1));
                current = launch();
                // The new process finishes the run: wait for every message to be received and recorded.
                until(WAIT, "run " + run + ": every message received", () -> received(refs).keySet().equals(refs.keySet()));
                until(WAIT, "run " + run + ": every outcome recorded", () -> unfinished(refs.keySet()) == 0);
                int arrived = total(received(refs));
                during(Duration.ofMillis(300), "nothing more arrives", () -> total(received(refs)) == arrived);
                assertThat(arrived).as("run %d: received = distinct messages + duplicates", run)
                        .isEqualTo(refs.size() + (int) received(refs).values().stream().filter(n -> n > 1).count());
                Map<String, Integer> counts = received(refs);
                Set<String> twice = new HashSet<>();
                counts.forEach((ref, n) -> {
                    if (n > 1) {
                        twice.add(ref);
                    }
                });
                assertThat(counts.values()).as("run %d: nothing received more than twice", run).allMatch(n -> n <= 2);
                assertThat(twice).as("run %d: duplicates only inside the provider-ack to commit window", run)
                        .isSubsetOf(r.window());
                assertThat(twice.size()).as("at most one batch per loop and channel").isLessThanOrEqualTo(BATCH * LOOPS * 2);
                killedMidBatch += r.inFlightAtKill() > 0 ? 1 : 0;
                inWindow += r.window().size();
                duplicates += twice.size();
            }
        } finally {
            current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String summary = String.format("crash injection: %d runs (seed %d), %d messages, 0 lost, %d received twice, all"
                        + " %d of them in the provider-ack->commit window (%d messages were in that window at the"
                        + " kills); %d kills landed mid-batch; %.1f s%n", RUNS, SEED, messages, duplicates,
                duplicates, inWindow, killedMidBatch, (System.nanoTime() - started) / 1e9);
        Files.createDirectories(LOGS);
        Files.writeString(LOGS.resolve("summary.txt"), summary);
        System.out.print(summary);
        assertThat(killedMidBatch).as("the kills did land in the middle of batches").isPositive();
    }

    /**
     * Waits until {@code killAfter} of the run's messages have arrived, kills the dispatcher, lets the receivers take
     * what was already on the wire, then notes which messages the receivers have while the outbox says SENDING.
     */
    private RunResult killAndRestart(Process p, Map<String, Channel> refs, int killAfter) throws Exception {
        until(WAIT, "dispatcher sends", () -> total(received(refs)) >= killAfter || !p.isAlive());
        assertThat(p.isAlive()).as("the dispatcher process is running (see %s)", LOGS).isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // bytes already in socket buffers reach the receivers
        Set<String> sending = sending(refs.keySet());
        Set<String> window = new HashSet<>(sending);
        window.retainAll(received(refs).keySet());
        return new RunResult(sending.size(), window);
    }

    private Process launch() throws Exception {
        return DispatcherProcess.launch(LOGS.resolve("dispatchers.log"), TestDatabase.postgres().getPort(),
                embedded.smppPort(), embedded.smtpPort(), SMS_PER_SECOND, BATCH, LEASE);
    }

    private Map<String, Channel> enqueue(int run) {
        Map<String, Channel> refs = new HashMap<>();
        List<OutboundMessage> all = new ArrayList<>();
        for (int i = 0; i < SMS_PER_RUN + MAILS_PER_RUN; i++) {
            boolean sms = i < SMS_PER_RUN;
            String key = "crash:" + SEED + ":" + run + ":" + i;
            all.add(Messages.invitation(sms ? Channel.SMS : Channel.EMAIL,
                    sms ? Messages.phone(run * 1000 + i) : "person" + i + "@example.org", key));
            refs.put(ref(key), sms ? Channel.SMS : Channel.EMAIL);
        }
        result(pool.withTransaction(tx -> {
            Future<Void> chain = Future.succeededFuture();
            for (OutboundMessage m : all) {
                chain = chain.compose(v -> outbox.enqueue(tx, m).mapEmpty());
            }
            return chain;
        }));
        return refs;
    }

    private static String ref(String key) {
        return HexFormat.of().formatHex(Outbox.keyHash(key), 0, 16);
    }

    /** How many times each of {@code refs} arrived, at the SMSC (DMP reference TLV) or GreenMail (Message-ID). */
    private static Map<String, Integer> received(Map<String, Channel> refs) {
        Map<String, Integer> counts = new HashMap<>();
        for (ReceivedSms s : embedded.smsc().messages()) {
            if (s.reference() != null && refs.containsKey(s.reference())) {
                counts.merge(s.reference(), 1, Integer::sum);
            }
        }
        for (MimeMessage m : embedded.mail().received()) {
            try {
                String id = MessageIds.normalize(m.getMessageID());
                String ref = id.substring(0, id.indexOf('@'));
                if (refs.containsKey(ref)) {
                    counts.merge(ref, 1, Integer::sum);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return counts;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Set<String> sending(Set<String> refs) {
        Set<String> out = new HashSet<>();
        for (Row r : result(pool.preparedQuery("SELECT key_hash FROM outbox_message WHERE status = 'SENDING'").execute())) {
            String ref = HexFormat.of().formatHex(r.getBuffer(0).getBytes(), 0, 16);
            if (refs.contains(ref)) {
                out.add(ref);
            }
        }
        return out;
    }

    private static long unfinished(Set<String> refs) {
        long n = 0;
        for (Row r : result(pool.preparedQuery("SELECT key_hash, status FROM outbox_message").execute())) {
            String ref = HexFormat.of().formatHex(r.getBuffer(0).getBytes(), 0, 16);
            String status = r.getString(1);
            if (refs.contains(ref) && !status.equals("SENT") && !status.equals("DELIVERED")) {
                n++;
            }
        }
        return n;
    }
}
