package fr.sante.dmp.store.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Blocks a test thread (never an event loop) until a future completes: its result, or its failure wrapped in an
 * {@link ExecutionException}, as the copies this replaces did. Shipped in the test-jar for the other modules' tests.
 */
public final class Await {
    private static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    public static <T> T await(Future<T> f) throws Exception {
        return await(f, DEFAULT);
    }

    /** For the long runs (seeding, benchmarks' loads). */
    public static <T> T await(Future<T> f, Duration timeout) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The failure of a future that must fail. */
    public static Throwable failure(Future<?> f) throws Exception {
        try {
            await(f);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got a success");
    }
}
