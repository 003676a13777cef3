package fr.sante.dmp.gateway.health;

import fr.sante.dmp.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's request metrics, under the names Vert.x's Micrometer integration gives them
 * ({@code vertx_http_server_requests_total}, {@code _response_time_seconds}, {@code _request_bytes},
 * {@code _response_bytes} with the labels {@code code} and {@code method}; {@code _active_requests}). Vert.x's own
 * HTTP server metrics build tags and look five meters up in the registry for every request, 18 % of the liveness
 * probe's event-loop time ({@code git show baafc61:docs/BENCHMARKS.md}, "Read path after
 * profiling"); here each (method, status) pair resolves
 * its meters once and keeps them in an array. Methods outside the common seven are counted as {@code OTHER}, so a
 * client inventing methods cannot add series.
 */
public final class HttpRequestMetrics implements Handler<RoutingContext> {
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final int FIRST_STATUS = 100;
    private static final int STATUSES = 500;

    private final MeterRegistry registry;
    private final LongAdder active = new LongAdder();
    private final AtomicReferenceArray<Meters> meters = new AtomicReferenceArray<>((METHODS.size() + 1) * STATUSES);

    /**
     * {@code dmp_api_problems_total{type}}: every problem document the professional API answered, by its type
     * (rate-limited and patient-quota-exceeded are the limit and quota refusals); bounded by the enum.
     */
    private final Counter[] problems;

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.problems = new Counter[ProblemType.values().length];
        for (ProblemType t : ProblemType.values()) {
            problems[t.ordinal()] = Counter.builder("dmp.api.problems").tag("type", t.slug())
                    .description("problem documents answered by the professional API, by type")
                    .register(registry);
        }
        Gauge.builder("vertx.http.server.active.requests", active, LongAdder::doubleValue)
                .description("Number of requests being processed")
                .register(registry);
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        active.increment();
        rc.addEndHandler(ended -> {
            active.decrement();
            int method = METHODS.indexOf(rc.request().method());
            meters(method < 0 ? METHODS.size() : method, rc.response().getStatusCode())
                    .record(System.nanoTime() - start, rc.request().bytesRead(), rc.response().bytesWritten());
            ProblemType problem = rc.get(ProblemType.ANSWERED);
            if (problem != null) {
                problems[problem.ordinal()].increment();
            }
        });
        rc.next();
    }

    private Meters meters(int method, int status) {
        int code = status >= FIRST_STATUS && status < FIRST_STATUS + STATUSES ? status - FIRST_STATUS : STATUSES - 1;
        int slot = method * STATUSES + code;
        Meters m = meters.get(slot);
        if (m == null) {
            // Two threads may both build it: the registry returns the same meters to both.
            m = new Meters(registry, method < METHODS.size() ? METHODS.get(method).name() : "OTHER",
                    String.valueOf(code + FIRST_STATUS));
            meters.set(slot, m);
        }
        return m;
    }

    private record Meters(Counter requests, Timer responseTime, DistributionSummary requestBytes,
            DistributionSummary responseBytes) {
        Meters(MeterRegistry registry, String method, String code) {
            this(Counter.builder("vertx.http.server.requests").description("Number of processed requests")
                            .tags("method", method, "code", code).register(registry),
                    Timer.builder("vertx.http.server.response.time").description("Request processing time")
                            .tags("method", method, "code", code).register(registry),
                    DistributionSummary.builder("vertx.http.server.request.bytes")
                            .description("Size of requests in bytes")
                            .tags("method", method, "code", code).register(registry),
                    DistributionSummary.builder("vertx.http.server.response.bytes")
                            .description("Size of responses in bytes")
                            .tags("method", method, "code", code).register(registry));
        }

        void record(long nanos, long read, long written) {
            requests.increment();
            responseTime.record(nanos, TimeUnit.NANOSECONDS);
            requestBytes.record(read);
            responseBytes.record(written);
        }
    }
}
