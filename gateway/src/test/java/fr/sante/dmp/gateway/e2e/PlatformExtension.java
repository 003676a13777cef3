package fr.sante.dmp.gateway.e2e;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the real platform once for the whole test run (embedded PostgreSQL, Redis and OIDC issuer, in a temporary
 * data directory, HTTP on a free port) and stops it when the run ends. Test classes receive a {@link Dmp} client.
 */
public final class PlatformExtension implements BeforeAllCallback, ParameterResolver {

    /** Small buckets so that the rate limit can be reached by a test; every test uses its own identities. */
    static final int BURST = 30;

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Dmp.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context).dmp;
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    static final class Running implements ExtensionContext.Store.CloseableResource {
        final Platform platform;
        final Vertx vertx;
        final Dmp dmp;
        final Path dataDir;

        private Running(Platform platform, Vertx vertx, Dmp dmp, Path dataDir) {
            this.platform = platform;
            this.vertx = vertx;
            this.dmp = dmp;
            this.dataDir = dataDir;
        }

        static Running start() {
            try {
                Path dataDir = Files.createTempDirectory("dmp-it-");
                java.util.Map<String, String> env = new java.util.HashMap<>(Map.of(
                        GatewayConfig.DATA_DIR, dataDir.toString(),
                        GatewayConfig.HTTP_PORT, "0",
                        GatewayConfig.HTTP_HOST, "127.0.0.1",
                        GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false", // crash durability is not what these test
                        GatewayConfig.INBOX_PORT, "0",
                        GatewayConfig.PUBLIC_URL, "https://espace-sante.test",
                        // The business metrics' samples every second, so a test sees them move.
                        GatewayConfig.BUSINESS_METRICS_INTERVAL, "PT1S",
                        GatewayConfig.RATE_LIMIT_BURST, Integer.toString(BURST),
                        GatewayConfig.RATE_LIMIT_PER_SECOND, "2",
                        // Signed audit checkpoints every 10 entries: every test's verification checks them too.
                        fr.sante.dmp.gateway.config.KeysConfig.AUDIT_CHECKPOINT_EVERY, "10"));
                // Every IT of the run logs in from 127.0.0.1: the per-address login limit (60 per 15 minutes by
                // default) is tested on its own platform (EnumerationIT), not on this shared one.
                env.put(GatewayConfig.LOGIN_ATTEMPTS_PER_ADDRESS, "100000");
                GatewayConfig config = GatewayConfig.load(env);
                Platform platform = Platform.start(config);
                Vertx vertx = Vertx.vertx();
                WebClient client = WebClient.create(vertx, new WebClientOptions()
                        .setDefaultHost("127.0.0.1").setDefaultPort(platform.httpPort()),
                        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
                return new Running(platform, vertx, new Dmp(platform, vertx, client), dataDir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } finally {
                platform.close(); // whatever happened to the client: no database left running
                try (var files = Files.walk(dataDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
