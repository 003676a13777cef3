package fr.sante.dmp.gateway.e2e;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.Guards;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A second real platform for the abuse-guard tests, with small caps so that a test reaches them: 20 distinct
 * patients per professional per day, break-glass accesses of 3 s, 2 code SMS per number per day and a daily budget
 * of {@value #SMS_BUDGET}, and 127.0.0.1 as a trusted proxy (tests speak for many client addresses through
 * X-Forwarded-For). Started once per run, stopped when the run ends.
 */
public final class GuardsExtension implements BeforeAllCallback, ParameterResolver {
    static final int PATIENTS_PER_DAY = 20;
    static final int SMS_PER_NUMBER = 2;
    static final int SMS_BUDGET = 300;
    static final String BREAK_GLASS_TTL = "PT3S";

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

    static Running running(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    static Map<String, String> config(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put(GatewayConfig.DATA_DIR, dataDir.toString());
        env.put(GatewayConfig.HTTP_PORT, "0");
        env.put(GatewayConfig.HTTP_HOST, "127.0.0.1");
        env.put(GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false");
        env.put(GatewayConfig.INBOX_PORT, "0");
        env.put(GatewayConfig.PUBLIC_URL, "https://espace-sante.test");
        env.put(GatewayConfig.RATE_LIMIT_BURST, "1000");
        env.put(GatewayConfig.RATE_LIMIT_PER_SECOND, "1000");
        // Some of these tests empty today's sets in Redis to stand for a day gone by; under the local policy the
        // instance's own memory of today's patients (exact within a day) would hide that. The local policy's rules are
        // RateLimiterIT's, and the other e2e tests run under it.
        env.put(fr.sante.dmp.gateway.config.RateLimitPolicy.VARIABLE, "redis");
        env.put(Guards.DISTINCT_PATIENTS_PER_DAY, Integer.toString(PATIENTS_PER_DAY));
        env.put(Guards.BREAK_GLASS_TTL, BREAK_GLASS_TTL);
        env.put(Guards.SMS_PER_NUMBER_PER_DAY, Integer.toString(SMS_PER_NUMBER));
        env.put(Guards.SMS_DAILY_BUDGET, Integer.toString(SMS_BUDGET));
        env.put(Guards.TRUSTED_PROXIES, "127.0.0.1");
        return env;
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
                Path dataDir = Files.createTempDirectory("dmp-guards-it-");
                Platform platform = Platform.start(GatewayConfig.load(config(dataDir)));
                Vertx vertx = Vertx.vertx();
                WebClient client = WebClient.create(vertx, new WebClientOptions()
                        .setDefaultHost("127.0.0.1").setDefaultPort(platform.httpPort()),
                        new PoolOptions().setHttp1MaxSize(64));
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
                platform.close();
                try (var files = Files.walk(dataDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
