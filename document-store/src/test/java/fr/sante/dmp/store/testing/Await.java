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

    /**
     * As {@link #await(Future)} for callers that declare no checked exception (the web tests' fixtures and clients):
     * a failure is rethrown as it is when unchecked (a test can assert the store's own exception), wrapped otherwise.
     */
    public static <T> T result(Future<T> f) {
        try {
            return await(f);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) { // the timeout
            throw new IllegalStateException(e);
        }
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
