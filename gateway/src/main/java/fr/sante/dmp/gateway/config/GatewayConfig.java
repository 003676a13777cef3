package fr.sante.dmp.gateway.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The gateway's whole configuration, read once at start-up from the environment and an optional file named by
 * {@code DMP_CONFIG} (a {@code .properties} or {@code .json} file whose keys are the same {@code DMP_*} names). The
 * environment wins over the file. An absent URL means "start the embedded service" for that dependency.
 *
 * @param httpPort           DMP_HTTP_PORT, 0 picks a free port (tests)
 * @param httpHost           DMP_HTTP_HOST, the interface the API listens on
 * @param dataDir            DMP_DATA_DIR: embedded PostgreSQL data, generated keys, port files
 * @param pgUrl              DMP_PG_URL {@code postgresql://user:password@host:port/db}; empty: embedded PostgreSQL
 * @param pgPoolSize         DMP_PG_POOL_SIZE
 * @param redisUrl           DMP_REDIS_URL {@code redis://host:port}; empty: embedded Redis
 * @param oidcIssuer         DMP_OIDC_ISSUER, the issuer URL (discovery at /.well-known/openid-configuration); empty:
 *                           the development issuer
 * @param oidcAudience       DMP_OIDC_AUDIENCE, the audience every access token must carry
 * @param masterKey          DMP_MASTER_KEY, base64 of 32 bytes; empty: generated once under {@code dataDir/keys}
 * @param insHashKey         DMP_INS_HASH_KEY, base64 of 32 bytes; empty: generated once under {@code dataDir/keys}
 * @param rateLimitBurst     DMP_RATE_LIMIT_BURST, the bucket size per client
 * @param rateLimitPerSecond DMP_RATE_LIMIT_PER_SECOND, the refill rate per client
 * @param tokenCacheSize     DMP_TOKEN_CACHE_SIZE, validated tokens kept until they expire
 * @param inboxPort          DMP_INBOX_PORT, reserved for the development inbox of sent messages
 */
public record GatewayConfig(
        int httpPort,
        String httpHost,
        Path dataDir,
        Optional<String> pgUrl,
        int pgPoolSize,
        Optional<String> redisUrl,
        Optional<String> oidcIssuer,
        String oidcAudience,
        Optional<byte[]> masterKey,
        Optional<byte[]> insHashKey,
        int rateLimitBurst,
        double rateLimitPerSecond,
        int tokenCacheSize,
        int inboxPort) {

    /** The names this record reads, for the README's table and for error messages. */
    public static final String HTTP_PORT = "DMP_HTTP_PORT";
    public static final String HTTP_HOST = "DMP_HTTP_HOST";
    public static final String DATA_DIR = "DMP_DATA_DIR";
    public static final String PG_URL = "DMP_PG_URL";
    public static final String PG_POOL_SIZE = "DMP_PG_POOL_SIZE";
    public static final String REDIS_URL = "DMP_REDIS_URL";
    public static final String OIDC_ISSUER = "DMP_OIDC_ISSUER";
    public static final String OIDC_AUDIENCE = "DMP_OIDC_AUDIENCE";
    public static final String MASTER_KEY = "DMP_MASTER_KEY";
    public static final String INS_HASH_KEY = "DMP_INS_HASH_KEY";
    public static final String RATE_LIMIT_BURST = "DMP_RATE_LIMIT_BURST";
    public static final String RATE_LIMIT_PER_SECOND = "DMP_RATE_LIMIT_PER_SECOND";
    public static final String TOKEN_CACHE_SIZE = "DMP_TOKEN_CACHE_SIZE";
    public static final String INBOX_PORT = "DMP_INBOX_PORT";
    public static final String CONFIG_FILE = "DMP_CONFIG";

    /** Reads the configuration from these environment variables (and the file DMP_CONFIG names, if any). */
    public static GatewayConfig load(Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        String file = environment.get(CONFIG_FILE);
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file.trim())));
        }
        environment.forEach((k, v) -> {
            if (k.startsWith("DMP_") && v != null && !v.isBlank()) {
                values.put(k, v.trim());
            }
        });
        Settings s = new Settings(values);
        return new GatewayConfig(
                s.port(HTTP_PORT, 8080),
                s.string(HTTP_HOST, "0.0.0.0"),
                Path.of(s.string(DATA_DIR, "./data")).toAbsolutePath().normalize(),
                s.optional(PG_URL),
                s.positive(PG_POOL_SIZE, 8),
                s.optional(REDIS_URL),
                s.optional(OIDC_ISSUER).map(GatewayConfig::withoutTrailingSlash),
                s.string(OIDC_AUDIENCE, "dmp-api"),
                s.key(MASTER_KEY),
                s.key(INS_HASH_KEY),
                s.positive(RATE_LIMIT_BURST, 200),
                s.positiveDouble(RATE_LIMIT_PER_SECOND, 100),
                s.positive(TOKEN_CACHE_SIZE, 10_000),
                s.port(INBOX_PORT, 8025));
    }

    /** This configuration with another HTTP port and data directory (tests start on free ports in a temp dir). */
    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(port, httpHost, dataDir, pgUrl, pgPoolSize, redisUrl, oidcIssuer, oidcAudience,
                masterKey, insHashKey, rateLimitBurst, rateLimitPerSecond, tokenCacheSize, inboxPort);
    }

    /** True when nothing external is configured for the identity provider: the development issuer runs. */
    public boolean embeddedIssuer() {
        return oidcIssuer.isEmpty();
    }

    @Override
    public String toString() {
        // Keys never reach a log; URLs may carry passwords, so only whether they are set is shown.
        return "GatewayConfig[httpPort=" + httpPort + ", dataDir=" + dataDir
                + ", pg=" + (pgUrl.isPresent() ? "external" : "embedded")
                + ", redis=" + (redisUrl.isPresent() ? "external" : "embedded")
                + ", oidc=" + oidcIssuer.orElse("embedded") + ", audience=" + oidcAudience + "]";
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Map<String, String> readFile(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".json")) {
                JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
                json.forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue())));
            } else {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
            }
        } catch (IOException | DecodeException e) {
            throw new ConfigException(CONFIG_FILE + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        return values;
    }

    /** Typed reads with messages that name the variable. */
    private record Settings(Map<String, String> values) {

        Optional<String> optional(String name) {
            return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        int port(String name, int fallback) {
            int p = integer(name, fallback);
            if (p < 0 || p > 65_535) {
                throw new ConfigException(name + ": must be a port number between 0 and 65535");
            }
            return p;
        }

        int positive(String name, int fallback) {
            int v = integer(name, fallback);
            if (v <= 0) {
                throw new ConfigException(name + ": must be a positive integer");
            }
            return v;
        }

        double positiveDouble(String name, double fallback) {
            try {
                double v = optional(name).map(Double::parseDouble).orElse(fallback);
                if (!(v > 0)) {
                    throw new ConfigException(name + ": must be a positive number");
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + ": must be a number");
            }
        }

        Optional<byte[]> key(String name) {
            return optional(name).map(v -> {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(v);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + ": must be base64");
                }
                if (key.length != 32) {
                    throw new ConfigException(name + ": must decode to 32 bytes");
                }
                return key;
            });
        }

        private int integer(String name, int fallback) {
            try {
                return optional(name).map(Integer::parseInt).orElse(fallback);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + ": must be an integer");
            }
        }
    }
}
