package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a one-shot command that touches the database starts, and closes in reverse order: the database (DMP_PG_URL,
 * else the running platform's embedded one, else an embedded one started for the command alone) and a Vert.x for
 * its pools. Every such command opens it here, so that choice and that order live in one place.
 */
record CommandRuntime(String pgUri, Optional<DevServices.Service> ownDatabase, Vertx vertx) implements AutoCloseable {

    static CommandRuntime open(GatewayConfig config) {
        Optional<String> running = config.pgUrl().or(() -> EmbeddedServices.runningPostgresUri(config.dataDir()));
        Optional<DevServices.Service> own = running.isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedServices.startPostgres(config));
        String pgUri = running.orElseGet(() -> own.orElseThrow().uri());
        try {
            return new CommandRuntime(pgUri, own, Vertx.vertx());
        } catch (RuntimeException e) {
            if (own.isPresent()) {
                try {
                    own.get().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * Waits on this main thread (no event loop here) for the command's work; its failure comes wrapped in an
     * {@link ExecutionException}, which the command maps to its own message.
     */
    static <T> T await(Future<T> work, Duration timeout) throws Exception {
        return work.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #await}, with the store's own failure ("campaign not found", ...) rather than a wrapper's class name. */
    static <T> T result(Future<T> work, Duration timeout) throws Exception {
        try {
            return await(work, timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            await(vertx.close(), Duration.ofSeconds(30));
        } finally {
            if (ownDatabase.isPresent()) {
                ownDatabase.get().close();
            }
        }
    }
}
