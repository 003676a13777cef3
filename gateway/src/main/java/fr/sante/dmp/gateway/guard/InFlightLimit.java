package fr.sante.dmp.gateway.guard;

import fr.sante.dmp.problem.Problem;
import fr.sante.dmp.problem.ProblemException;
import fr.sante.dmp.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} professional API requests in progress on this instance; past that a request is answered at once
 * with 503 {@code overloaded} and {@code Retry-After: 1}. Without it an offered rate above what the node can serve
 * queued without bound: at 80 % of the closed-loop maximum (vegeta, open model) about a fifth of the offered reads
 * were answered within the client's 10 s timeout, the rest after it or never (docs/BENCHMARKS.md, "Overload: the
 * in-flight limit").
 * A refused request costs the parsing of its head and this answer. The patient space is not behind it: its login rushes
 * wait in queues on purpose (docs/patient-space.md). Shared by every event loop serving the API, hence atomic.
 */
public final class InFlightLimit implements Handler<RoutingContext> {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter refused;

    public InFlightLimit(int max, MeterRegistry registry) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        this.max = max;
        this.refused = Counter.builder("dmp_api_overloaded_refusals")
                .description("professional API requests refused with 503 overloaded (in-flight limit reached)")
                .register(registry);
        Gauge.builder("dmp_api_requests_in_flight", inFlight, AtomicInteger::get)
                .description("professional API requests in progress on this instance")
                .register(registry);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            refused.increment();
            rc.fail(new ProblemException(new Problem(ProblemType.OVERLOADED,
                    "the gateway is at capacity; retry after 1 s", Optional.empty(), Optional.empty(),
                    Optional.of(1L))));
            return;
        }
        // Ended, failed or cut off by the client: the slot is given back once.
        AtomicBoolean released = new AtomicBoolean();
        rc.addEndHandler(ar -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        });
        rc.next();
    }

    /** Requests in progress now (the gauge reads the same counter). */
    public int inFlight() {
        return inFlight.get();
    }
}
