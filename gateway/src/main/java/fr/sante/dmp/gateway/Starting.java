package fr.sante.dmp.gateway;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start-up in a straight line on the starting thread (never an event loop): each step waits for the one before it,
 * all within one deadline, and what the steps opened is closed in reverse when a later one fails. This keeps the
 * composition root a list of steps rather than a pyramid of nested {@code compose}.
 */
final class Starting {
    private static final Logger LOG = LoggerFactory.getLogger(Starting.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final long deadline;
    private final Deque<Supplier<Future<?>>> opened = new ArrayDeque<>();

    Starting(Duration bound) {
        this.deadline = System.nanoTime() + bound.toNanos();
    }

    /** The step's result, or its failure wrapped in an {@code ExecutionException} (a timeout past the deadline). */
    <T> T await(Future<T> step) throws Exception {
        return step.toCompletionStage().toCompletableFuture()
                .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Remembers how to close what a step opened, should a later step fail. */
    <T> T opened(T thing, Supplier<Future<?>> close) {
        opened.push(close);
        return thing;
    }

    /** Closes what was opened, the last first; a failure to close is logged and the next is closed all the same. */
    void undo() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().get().toCompletionStage().toCompletableFuture()
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("start-up failed and could not close a service");
            }
        }
    }
}
