package fr.sante.dmp.notify.support;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The tests' one helper for blocking a test thread (never an event loop) on a future, and for polling with a bounded
 * deadline. It lives in the test-jar of notifications, the lowest module on Vert.x, so that every module's tests reach
 * it. A test that runs on Vert.x itself uses {@code VertxExtension} and {@code VertxTestContext} instead.
 */
public class Await {
    private static final Duration DEFAULT = Duration.ofSeconds(30);

    /** Only {@code fr.sante.dmp.store.testing.Await}, kept for the tests that still import it, extends this. */
    protected Await() {
    }

    /** The result, or the failure wrapped in an {@link ExecutionException}; a timeout after 30 s. */
    public static <T> T await(Future<T> f) throws Exception {
        return await(f, DEFAULT);
    }

    /** For the long runs (seeding, benchmarks' loads). */
    public static <T> T await(Future<T> f, Duration timeout) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * As {@link #await(Future)} for callers that declare no checked exception: a failure is rethrown as it is when
     * unchecked (a test can assert the component's own exception), wrapped otherwise; a timeout is an
     * {@link IllegalStateException}.
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

    /** Polls until the condition holds or fails the test after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            pause();
        }
    }

    /** Holds that the condition stays true for {@code period} (e.g. "nothing is sent"). */
    public static void during(Duration period, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer true: " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
