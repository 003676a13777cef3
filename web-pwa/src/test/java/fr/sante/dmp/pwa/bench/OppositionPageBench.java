package fr.sante.dmp.pwa.bench;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.pwa.support.TestApp;
import fr.sante.dmp.pwa.web.Paths;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deadline-day load on the opposition pages, web layer only (in-memory patient service, real embedded Redis): the
 * first page (template + a stateless CSRF cookie, no Redis) and the invitation-code check (two Redis counters, a grant
 * in Redis, the status page). Closed loop with a fixed number of connections; not a test. Command in
 * docs/BENCHMARKS.md.
 */
public final class OppositionPageBench {

    static final int CONNECTIONS = 64;
    static final int PEOPLE = 50_000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        try (BenchApp app = new BenchApp(TestApp.config().withAttemptsPerAddress(Integer.MAX_VALUE))) {
            List<String> people = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                String number = "2910399" + String.format("%06d", i);
                String ins = number + String.format("%02d", Ins.key(number));
                app.patients.add(ins, LocalDate.of(1991, 3, 2), "INV-" + i, RecordState.INVITED);
                people.add(ins);
            }
            WebClient client = WebClient.create(app.vertx, new WebClientOptions()
                    .setDefaultHost("127.0.0.1").setDefaultPort(app.port()),
                    new io.vertx.core.http.PoolOptions().setHttp1MaxSize(CONNECTIONS));
            String cookie = TestApp.await(client.get(Paths.OPPOSITION).send()).cookies().get(0).split(";")[0];
            String token = cookie.substring(cookie.indexOf('=') + 1);

            run("warm-up GET " + Paths.OPPOSITION, 5, app, () -> client.get(Paths.OPPOSITION).send().map(r -> r.statusCode()));
            run("GET " + Paths.OPPOSITION, seconds, app, () -> client.get(Paths.OPPOSITION).send().map(r -> r.statusCode()));
            AtomicInteger next = new AtomicInteger();
            run("POST " + Paths.OPPOSITION_CHECK, seconds, app, () -> {
                int i = Math.floorMod(next.getAndIncrement(), PEOPLE);
                MultiMap form = MultiMap.caseInsensitiveMultiMap().add("ins", people.get(i)).add("birthDate", "1991-03-02")
                        .add("invitationCode", "INV-" + i).add("_csrf", token);
                return client.post(Paths.OPPOSITION_CHECK).putHeader("Cookie", cookie).sendForm(form)
                        .map(r -> r.statusCode());
            });
        }
    }

    interface Call {
        Future<Integer> call();
    }

    static void run(String name, int seconds, BenchApp app, Call call) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<Void>> loops = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CONNECTIONS; c++) {
            Promise<Void> done = Promise.promise();
            app.vertx.runOnContext(v -> loop(call, end, ok, failed, latencies, done));
            loops.add(done.future());
        }
        TestApp.await(Future.all(loops));
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("%-32s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  ok %d  failed %d%n", name, ok.get() / elapsed,
                pct(sorted, 0.50), pct(sorted, 0.99), ok.get(), failed.get());
    }

    static void loop(Call call, long end, AtomicLong ok, AtomicLong failed, List<Long> latencies, Promise<Void> done) {
        if (System.nanoTime() > end) {
            done.complete();
            return;
        }
        long t0 = System.nanoTime();
        call.call().onComplete(r -> {
            latencies.add(System.nanoTime() - t0);
            if (r.succeeded() && r.result() == 200) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(call, end, ok, failed, latencies, done);
        });
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }
}
