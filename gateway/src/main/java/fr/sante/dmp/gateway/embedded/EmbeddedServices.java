package fr.sante.dmp.gateway.embedded;

import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.devservices.PortFile;
import fr.sante.dmp.devservices.ServicePasswords;
import fr.sante.dmp.gateway.config.ConfigException;
import fr.sante.dmp.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, for each dependency without a configured URL, its embedded stand-in (the {@code dev-services} module, found
 * through {@link DevServices}), and tells where each dependency is. The production jar has no stand-in: there a
 * dependency without a URL stops the start-up with the variable to set. Blocking (processes start, files are
 * written): run it before the Vert.x servers accept requests.
 */
public final class EmbeddedServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    private final Deque<AutoCloseable> started;
    private final String pgUri;
    private final String redisUri;
    private final String issuerUrl;
    private final Optional<DevServices.Issuer> devIssuer;

    private EmbeddedServices(Deque<AutoCloseable> started, String pgUri, String redisUri, String issuerUrl,
            Optional<DevServices.Issuer> devIssuer) {
        this.started = started;
        this.pgUri = pgUri;
        this.redisUri = redisUri;
        this.issuerUrl = issuerUrl;
        this.devIssuer = devIssuer;
    }

    /** Starts what is missing; PostgreSQL (the slow one) starts in parallel with the others. */
    public static EmbeddedServices start(GatewayConfig config) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CompletableFuture<Optional<DevServices.Service>> pg = CompletableFuture.completedFuture(Optional.empty());
        try {
            Files.createDirectories(config.dataDir());
            // Redis first, alone: it writes its binary to a temporary file and executes it, and a process forked
            // meanwhile (PostgreSQL's initdb or pg_ctl) inherits the open file, which then fails with "Text file
            // busy" (seen once in a gateway IT run). Redis starts in a fraction of a second.
            Optional<DevServices.Service> redis = config.redisUrl().isPresent()
                    ? Optional.empty()
                    : Optional.of(devServices("DMP_REDIS_URL").startRedis(config.dataDir()));
            redis.ifPresent(started::push);
            pg = config.pgUrl().isPresent()
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : CompletableFuture.supplyAsync(() -> Optional.of(startPostgres(config)));
            Optional<DevServices.Issuer> issuer = config.oidcIssuer().isPresent()
                    ? Optional.empty()
                    : Optional.of(devServices("DMP_OIDC_ISSUER").startIssuer(config.dataDir(), config.oidcAudience()));
            issuer.ifPresent(started::push);
            Optional<DevServices.Service> postgres = pg.join();
            postgres.ifPresent(started::push);
            return new EmbeddedServices(started,
                    config.pgUrl().orElseGet(() -> postgres.orElseThrow().uri()),
                    config.redisUrl().orElseGet(() -> redis.orElseThrow().uri()),
                    config.oidcIssuer().orElseGet(() -> issuer.orElseThrow().issuerUrl()),
                    issuer);
        } catch (ConfigException e) {
            closeAll(started);
            throw e;
        } catch (IOException | RuntimeException e) {
            pg.handle((p, x) -> p == null ? Optional.<DevServices.Service>empty() : p).join()
                    .filter(p -> !started.contains(p)).ifPresent(started::push); // do not leave a database behind
            closeAll(started);
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ConfigException c) {
                throw c;
            }
            throw new IllegalStateException("cannot start the embedded services: " + cause.getMessage(), cause);
        }
    }

    /** Only the database (for commands such as {@code audit verify} run while the platform is stopped). */
    public static DevServices.Service startPostgres(GatewayConfig config) {
        try {
            return devServices("DMP_PG_URL").startPostgres(config.dataDir(), config.pgSynchronousCommit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The development services, or the configuration error naming the variable that production must set. */
    public static DevServices devServices(String variable) {
        return DevServices.find().orElseThrow(() -> new ConfigException(variable + " is not set, and this jar carries"
                + " no development services to start one (they are in ./dmp's jar, not in the production jar)"));
    }

    /** The URI of the embedded PostgreSQL that a running platform of this data directory serves, if any. */
    public static Optional<String> runningPostgresUri(java.nio.file.Path dataDir) {
        return new PortFile(dataDir.resolve("pg.port")).read()
                .filter(port -> !PortFile.isFree(port))
                .filter(port -> Files.exists(dataDir.resolve("pg").resolve("postmaster.pid")))
                // A platform of an earlier version trusted every local user: any password then does.
                .map(port -> DevServices.postgresUri(port, ServicePasswords
                        .existingServicePassword(dataDir, ServicePasswords.PG_FILE).orElse("postgres")));
    }

    public String pgUri() {
        return pgUri;
    }

    public String redisUri() {
        return redisUri;
    }

    public String issuerUrl() {
        return issuerUrl;
    }

    /**
     * The card-reading issuer of presence assertions: DMP_PRESENCE_ISSUER, else the development issuer's own in
     * embedded mode; none when an external identity provider is configured without one (presence proofs refused).
     */
    public Optional<String> presenceIssuerUrl(GatewayConfig config) {
        return config.presenceIssuer().or(() -> devIssuer.map(DevServices.Issuer::presenceIssuerUrl));
    }

    /** The development issuer, when it runs (embedded mode). */
    public Optional<DevServices.Issuer> devIssuer() {
        return devIssuer;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.atWarn().addKeyValue("service", c.getClass().getSimpleName()).addKeyValue("error", e.toString())
                        .log("embedded service did not stop cleanly");
            }
        }
    }
}
