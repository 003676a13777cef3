package fr.sante.dmp.gateway.e2e;

import static fr.sante.dmp.gateway.e2e.Dmp.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consent changes apply at once: a change (opposition, blocking, masking, revocation of the treating doctor) races
 * professional reads fired at random moments around it; every read that starts after the change was acknowledged is
 * denied. Readers and authors are in care with the patient (a care context opened by presence) before the race; the
 * opposition race reads an invited record, which no context opens. Iterations: {@code -Ddmp.race.iterations} (100 in the build, about 50 s on the loaded machine; docs/RELIABILITY.md records a
 * 1,000-iteration run). Each decision of the run is audited (the read
 * answers are counted against the audit table).
 */
@ExtendWith(PlatformExtension.class)
class ConsentRaceIT {
    private static final int ITERATIONS = Integer.getInteger("dmp.race.iterations", 100);
    private static final int READS = 6;
    /** One opposition in this many iterations: each needs an invited person who logs in. */
    private static final int OPPOSE_EVERY = 100;

    enum Change { BLOCK, MASK, REVOKE_TREATING_DOCTOR, OPPOSE }

    /** One read: when it was sent and answered (nanoTime), and whether it was granted. */
    record Read(long sent, long answered, int status, boolean granted) {
    }

    @Test
    void everyReadStartedAfterTheAcknowledgedChangeIsDenied(Dmp dmp) {
        Random random = new Random(Long.getLong("dmp.race.seed", System.nanoTime()));
        // Logins from an address of their own: the patient space limits logins per client address.
        WebClient own = WebClient.create(dmp.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(dmp.platform.httpPort()).setLocalAddress("127.0.0.91"));
        TestPatient p = TestPatient.registered(dmp);
        String patientToken = p.login(dmp);
        int stale = 0;
        int grantedBefore = 0;
        int deniedAfter = 0;
        AtomicInteger decisions = new AtomicInteger();
        int contexts = 0; // the readers' care-context openings, audited under their RPPS too
        List<String> readers = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            Change change = i % OPPOSE_EVERY == OPPOSE_EVERY - 1 ? Change.OPPOSE
                    : Change.values()[random.nextInt(Change.values().length - 1)];
            // A fresh reader each time: its own rate bucket, and no history with this record.
            String rpps = Identities.rpps();
            readers.add(rpps);
            String reader = dmp.physician(rpps);
            if (change != Change.OPPOSE) {
                dmp.inCare(reader, p.ins());
                contexts++;
            }
            // Fresh too (the test's rate limit is 2 per second), in care when it deposits.
            String author = change == Change.MASK || change == Change.REVOKE_TREATING_DOCTOR
                    ? dmp.inCare(dmp.physician(Identities.rpps()), p.ins()) : null;
            Race race = switch (change) {
                case BLOCK -> new Race(() -> me(dmp, HttpMethod.PUT,
                        "/api/v1/me/blocked/" + rpps, patientToken),
                        () -> dmp.request(HttpMethod.GET, "/api/v1/patients/" + p.ins() + "/documents", reader).send(),
                        r -> r.statusCode() == 200);
                case MASK -> {
                    String doc = dmp.deposited(author, p.ins(), Dmp.CONSULTATION_NOTE, "Race " + i);
                    yield new Race(() -> me(dmp, HttpMethod.PUT, "/api/v1/me/documents/" + doc + "/mask",
                            patientToken),
                            () -> dmp.request(HttpMethod.GET, "/api/v1/documents/" + doc, reader).send(),
                            r -> r.statusCode() == 200);
                }
                case REVOKE_TREATING_DOCTOR -> {
                    String doc = dmp.deposited(author, p.ins(), Dmp.CONSULTATION_NOTE, "Masked race " + i);
                    assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/documents/" + doc + "/mask", patientToken,
                            new JsonObject()).statusCode()).isEqualTo(204);
                    assertThat(dmp.send(HttpMethod.PUT, "/api/v1/me/treating-doctor", patientToken,
                            new JsonObject().put("rpps", rpps)).statusCode()).isEqualTo(204);
                    yield new Race(() -> me(dmp, HttpMethod.DELETE, "/api/v1/me/treating-doctor", patientToken),
                            () -> dmp.request(HttpMethod.GET, "/api/v1/documents/" + doc, reader).send(),
                            r -> r.statusCode() == 200);
                }
                case OPPOSE -> {
                    // An invited record is already closed to professionals: the reads must stay denied throughout.
                    TestPatient person = TestPatient.registered(dmp, "INVITED");
                    String token = person.login(dmp, own);
                    yield new Race(() -> me(dmp, HttpMethod.POST, "/api/v1/me/opposition", token),
                            () -> dmp.request(HttpMethod.GET, "/api/v1/patients/" + person.ins() + "/documents",
                                    reader).send(),
                            r -> r.statusCode() == 200);
                }
            };
            List<Read> reads = race.run(dmp, random);
            for (Read r : reads) {
                if (r.status() >= 200 && r.status() < 500 && r.status() != 429) { // an answer carrying a decision
                    decisions.incrementAndGet();
                }
                if (r.sent() > race.acknowledged && r.granted()) {
                    stale++;
                }
                if (r.answered() < race.sent && r.granted()) {
                    grantedBefore++;
                }
                if (r.sent() > race.acknowledged && !r.granted()) {
                    deniedAfter++;
                }
            }
        }
        own.close();
        assertThat(stale).as("reads granted although they started after the change was acknowledged").isZero();
        // The race is real: some reads were granted before the change and many denied after it.
        assertThat(grantedBefore).isPositive();
        assertThat(deniedAfter).isGreaterThan(ITERATIONS / 2);
        assertEveryReadAudited(dmp, readers, decisions.get() + contexts);
    }

    /** The audit holds one entry per answered decision of these readers (allowed or denied) and per context opened. */
    private static void assertEveryReadAudited(Dmp dmp, List<String> readers, int decisions) {
        SqlClient sql = PgBuilder.client().connectingTo(dmp.pgUri()).using(dmp.vertx).build();
        try {
            long audited = await(sql.preparedQuery("SELECT count(*) FROM audit_log WHERE actor_id = ANY($1)")
                    .execute(Tuple.of(readers.toArray(String[]::new)))).iterator().next().getLong(0);
            assertThat(audited).as("audit entries of the readers").isEqualTo(decisions);
        } finally {
            sql.close();
        }
    }

    private static Future<HttpResponse<Buffer>> me(Dmp dmp, HttpMethod method, String path, String token) {
        return dmp.request(method, path, token).sendJsonObject(new JsonObject());
    }

    interface Send {
        Future<HttpResponse<Buffer>> send();
    }

    interface Granted {
        boolean test(HttpResponse<Buffer> r);
    }

    /** A change and reads fired around it at random offsets within a few milliseconds. */
    static final class Race {
        final Send change;
        final Send read;
        final Granted granted;
        long sent;
        long acknowledged;

        Race(Send change, Send read, Granted granted) {
            this.change = change;
            this.read = read;
            this.granted = granted;
        }

        List<Read> run(Dmp dmp, Random random) {
            List<Future<Read>> reads = new ArrayList<>();
            Promise<Void> changed = Promise.promise();
            int changeAt = random.nextInt(15);
            dmp.vertx.setTimer(1 + changeAt, t -> {
                sent = System.nanoTime();
                change.send().onComplete(ar -> {
                    acknowledged = System.nanoTime();
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        changed.complete();
                    } else {
                        changed.fail("change refused: " + (ar.succeeded() ? ar.result().bodyAsString() : ar.cause()));
                    }
                });
            });
            for (int k = 0; k < READS; k++) {
                Promise<Read> done = Promise.promise();
                // Spread over before, during and after the change's round trip.
                dmp.vertx.setTimer(1 + random.nextInt(40), t -> {
                    long start = System.nanoTime();
                    read.send().onComplete(ar -> done.complete(ar.succeeded()
                            ? new Read(start, System.nanoTime(), ar.result().statusCode(), granted.test(ar.result()))
                            : new Read(start, System.nanoTime(), 0, false)));
                });
                reads.add(done.future());
            }
            await(changed.future());
            List<Read> out = new ArrayList<>();
            for (Future<Read> f : reads) {
                out.add(await(f));
            }
            return out;
        }
    }
}
