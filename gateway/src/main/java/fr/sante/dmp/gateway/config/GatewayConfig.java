package fr.sante.dmp.gateway.config;

import fr.sante.dmp.notify.NotifyOptions;
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
 * @param pgSynchronousCommit DMP_PG_SYNCHRONOUS_COMMIT (default true): the embedded PostgreSQL acknowledges a commit
 *                           once its WAL is flushed to disk (zonky's default is off: up to a WAL writer delay of
 *                           acknowledged writes lost in a crash). The integration tests turn it off for speed; an
 *                           external PostgreSQL is configured by its operator
 * @param redisUrl           DMP_REDIS_URL {@code redis://:password@host:port}, or {@code rediss://} for TLS (the
 *                           server's name checked against its certificate); empty: embedded Redis
 * @param redisCa            DMP_REDIS_CA: PEM certificates of the authorities trusted for a {@code rediss://} Redis
 *                           (a private CA); empty: the JVM's trust store
 * @param oidcIssuer         DMP_OIDC_ISSUER, the issuer URL (discovery at /.well-known/openid-configuration); empty:
 *                           the development issuer
 * @param oidcAudience       DMP_OIDC_AUDIENCE, the audience every access token must carry
 * @param masterKey          DMP_MASTER_KEY, base64 of 32 bytes; empty: generated once under {@code dataDir/keys}
 * @param insHashKey         DMP_INS_HASH_KEY, base64 of 32 bytes; empty: generated once under {@code dataDir/keys}
 * @param rateLimitBurst     DMP_RATE_LIMIT_BURST, the bucket size per client
 * @param rateLimitPerSecond DMP_RATE_LIMIT_PER_SECOND, the refill rate per client
 * @param tokenCacheSize     DMP_TOKEN_CACHE_SIZE, validated tokens kept until they expire
 * @param inboxPort          DMP_INBOX_PORT, the development inbox of sent messages (embedded messaging only,
 *                           on 127.0.0.1), default 8025
 * @param smpp               DMP_SMPP_URL {@code smpp://systemId:password@host:port?throughput=N&source=Sender}; the SMS
 *                           provider. When neither it nor DMP_SMTP_URL is set, an embedded SMSC, SMTP server and dev
 *                           inbox run instead
 * @param smtp               DMP_SMTP_URL {@code smtp://[user:password@]host:port?from=address&starttls=true}; the
 *                           mail relay
 * @param notifyKey          DMP_NOTIFY_KEY, base64 of 32 bytes encrypting queued messages; empty: generated once
 *                           under {@code dataDir/keys}
 * @param pwaSecret          DMP_PWA_SECRET, base64 of 32 bytes keying the patient space's codes, sessions and CSRF
 *                           tokens (the same on every instance); empty: generated once under {@code dataDir/keys}
 * @param secureCookies      DMP_SECURE_COOKIES (default true): patient space cookies {@code Secure} with the
 *                           {@code __Host-} prefix. Browsers accept them on http://localhost; set false only for plain
 *                           HTTP on another host name
 * @param publicUrl          DMP_PUBLIC_URL, the https address people reach the patient space at (default
 *                           {@code https://localhost:<httpPort>}); the invitations send {@code <publicUrl>/opposition}
 * @param loginAttemptsPerAddress DMP_LOGIN_ATTEMPTS_PER_ADDRESS (default 60): patient login, code and invitation-code
 *                           tries per client address per 15 minutes; a load test from one address raises it
 * @param httpInstances      DMP_HTTP_INSTANCES (default: the number of processors): HTTP servers sharing the port, each
 *                           on its own event loop (a fixed DMP_HTTP_PORT only; port 0 means one server); 1 for the
 *                           single-loop baseline
 * @param keys               master-key rotation and signed audit checkpoints ({@link KeysConfig})
 * @param guards             the abuse guards: patient quota, break-glass lifetime, SMS caps, trusted proxies
 *                           ({@link Guards})
 * @param tls                DMP_TLS_CERT, DMP_TLS_KEY, DMP_TLS_CLIENT_CA: the gateway serves TLS itself
 *                           ({@link TlsConfig}); empty: plain HTTP (behind a TLS-terminating proxy)
 * @param presenceIssuer     DMP_PRESENCE_ISSUER, the card-reading issuer whose signed assertions prove a patient's
 *                           presence at a practice (OIDC discovery, like DMP_OIDC_ISSUER); empty: the development
 *                           issuer's {@code presence} issuer in embedded mode, none otherwise (presence proofs refused)
 * @param presenceAudience   DMP_PRESENCE_AUDIENCE, the audience every presence assertion must carry
 * @param mode               DMP_MODE ({@link Mode}): production by default when DMP_PG_URL is set, else development
 * @param metricsPort        DMP_METRICS_PORT: /metrics on a listener of its own (0: a free port); empty: on the
 *                           public port, which production mode refuses
 * @param metricsHost        DMP_METRICS_HOST (default 127.0.0.1): the interface of that listener
 * @param clockOffset        DMP_CLOCK_OFFSET (ISO-8601 duration, default PT0S): moves the platform's clock, to walk an
 *                           invitation campaign to its deadline in minutes; embedded database only (refused with
 *                           DMP_PG_URL: on real records it would open them before the law allows)
 * @param businessMetricsInterval DMP_BUSINESS_METRICS_INTERVAL (ISO-8601, default PT1M): how often the business
 *                           metrics' aggregate queries run (they scan the record and outbox tables)
 * @param redisMode          DMP_REDIS_MODE ({@link RedisMode}, default standalone): DMP_REDIS_URL names one server, the
 *                           seed nodes of a Redis Cluster, or the Sentinels (addresses separated by commas)
 * @param redisMaster        DMP_REDIS_MASTER (default mymaster): the master the Sentinels watch (sentinel mode only)
 * @param roles              DMP_ROLES ({@link Roles}, default all): api, worker or both; {@code ./dmp run --role} wins
 */
public record GatewayConfig(
        int httpPort,
        String httpHost,
        Path dataDir,
        Optional<String> pgUrl,
        int pgPoolSize,
        boolean pgSynchronousCommit,
        Optional<String> redisUrl,
        Optional<Path> redisCa,
        Optional<String> oidcIssuer,
        String oidcAudience,
        Optional<byte[]> masterKey,
        Optional<byte[]> insHashKey,
        int rateLimitBurst,
        double rateLimitPerSecond,
        int tokenCacheSize,
        int inboxPort,
        Optional<NotifyOptions.Smpp> smpp,
        Optional<NotifyOptions.Smtp> smtp,
        Optional<byte[]> notifyKey,
        Optional<byte[]> pwaSecret,
        boolean secureCookies,
        String publicUrl,
        int loginAttemptsPerAddress,
        int httpInstances,
        KeysConfig keys,
        Guards guards,
        Optional<TlsConfig> tls,
        Optional<String> presenceIssuer,
        String presenceAudience,
        Mode mode,
        Optional<Integer> metricsPort,
        String metricsHost,
        java.time.Duration clockOffset,
        java.time.Duration businessMetricsInterval,
        RedisMode redisMode,
        String redisMaster,
        Roles roles) {

    /** The names this record reads, for the README's table and for error messages. */
    public static final String HTTP_PORT = "DMP_HTTP_PORT";
    public static final String HTTP_HOST = "DMP_HTTP_HOST";
    public static final String DATA_DIR = "DMP_DATA_DIR";
    public static final String PG_URL = "DMP_PG_URL";
    public static final String PG_POOL_SIZE = "DMP_PG_POOL_SIZE";
    public static final String PG_SYNCHRONOUS_COMMIT = "DMP_PG_SYNCHRONOUS_COMMIT";
    public static final String REDIS_URL = "DMP_REDIS_URL";
    public static final String REDIS_CA = "DMP_REDIS_CA";
    public static final String REDIS_MASTER = "DMP_REDIS_MASTER";
    public static final String OIDC_ISSUER = "DMP_OIDC_ISSUER";
    public static final String OIDC_AUDIENCE = "DMP_OIDC_AUDIENCE";
    public static final String MASTER_KEY = "DMP_MASTER_KEY";
    public static final String INS_HASH_KEY = "DMP_INS_HASH_KEY";
    public static final String RATE_LIMIT_BURST = "DMP_RATE_LIMIT_BURST";
    public static final String RATE_LIMIT_PER_SECOND = "DMP_RATE_LIMIT_PER_SECOND";
    public static final String TOKEN_CACHE_SIZE = "DMP_TOKEN_CACHE_SIZE";
    public static final String INBOX_PORT = "DMP_INBOX_PORT";
    public static final String SMPP_URL = "DMP_SMPP_URL";
    public static final String SMTP_URL = "DMP_SMTP_URL";
    public static final String NOTIFY_KEY = "DMP_NOTIFY_KEY";
    public static final String PWA_SECRET = "DMP_PWA_SECRET";
    public static final String SECURE_COOKIES = "DMP_SECURE_COOKIES";
    public static final String PUBLIC_URL = "DMP_PUBLIC_URL";
    public static final String LOGIN_ATTEMPTS_PER_ADDRESS = "DMP_LOGIN_ATTEMPTS_PER_ADDRESS";
    public static final String HTTP_INSTANCES = "DMP_HTTP_INSTANCES";
    public static final String PRESENCE_ISSUER = "DMP_PRESENCE_ISSUER";
    public static final String PRESENCE_AUDIENCE = "DMP_PRESENCE_AUDIENCE";
    public static final String CONFIG_FILE = "DMP_CONFIG";
    public static final String MODE = Mode.VARIABLE;
    public static final String METRICS_PORT = "DMP_METRICS_PORT";
    public static final String METRICS_HOST = "DMP_METRICS_HOST";
    public static final String CLOCK_OFFSET = "DMP_CLOCK_OFFSET";
    public static final String BUSINESS_METRICS_INTERVAL = "DMP_BUSINESS_METRICS_INTERVAL";

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
        int httpPort = s.port(HTTP_PORT, 8080);
        return new GatewayConfig(
                httpPort,
                s.string(HTTP_HOST, "0.0.0.0"),
                Path.of(s.string(DATA_DIR, "./data")).toAbsolutePath().normalize(),
                s.optional(PG_URL),
                s.positive(PG_POOL_SIZE, 8),
                s.bool(PG_SYNCHRONOUS_COMMIT, true),
                s.optional(REDIS_URL),
                redisCa(s.optional(REDIS_URL), s.optional(REDIS_CA)),
                s.optional(OIDC_ISSUER).map(GatewayConfig::withoutTrailingSlash),
                s.string(OIDC_AUDIENCE, "dmp-api"),
                s.key(MASTER_KEY),
                s.key(INS_HASH_KEY),
                s.positive(RATE_LIMIT_BURST, 200),
                s.positiveDouble(RATE_LIMIT_PER_SECOND, 100),
                s.positive(TOKEN_CACHE_SIZE, 10_000),
                s.port(INBOX_PORT, 8025),
                s.optional(SMPP_URL).map(url -> MessagingUrls.smpp(SMPP_URL, url)),
                s.optional(SMTP_URL).map(url -> MessagingUrls.smtp(SMTP_URL, url)),
                s.key(NOTIFY_KEY),
                s.key(PWA_SECRET),
                s.bool(SECURE_COOKIES, true),
                publicUrl(s.string(PUBLIC_URL, defaultPublicUrl(s, httpPort)), s.optional(PG_URL).isEmpty()),
                s.positive(LOGIN_ATTEMPTS_PER_ADDRESS, 60),
                // One HTTP verticle per event loop by default (issue 17); 1 keeps the single-loop baseline.
                s.positive(HTTP_INSTANCES, Runtime.getRuntime().availableProcessors()),
                new KeysConfig(
                        s.keys(KeysConfig.PREVIOUS_MASTER_KEYS),
                        s.key(KeysConfig.NEW_MASTER_KEY),
                        s.key(KeysConfig.AUDIT_SIGNING_KEY),
                        s.verifyKeys(KeysConfig.AUDIT_VERIFY_KEYS),
                        s.positive(KeysConfig.AUDIT_CHECKPOINT_EVERY, 1000),
                        java.time.Duration.ofSeconds(s.positive(KeysConfig.AUDIT_CHECKPOINT_SECONDS, 60)),
                        s.key(KeysConfig.AUDIT_CHAIN_KEY),
                        s.optional(KeysConfig.AUDIT_WITNESS_FILE).map(f -> Path.of(f).toAbsolutePath().normalize()),
                        s.optional(KeysConfig.MASTER_KEY_PKCS11)
                                .map(v -> KeysConfig.pkcs11(v, KeysConfig.MASTER_KEY_PKCS11)),
                        s.optional(KeysConfig.MASTER_KEY_PKCS11_PIN),
                        s.optional(KeysConfig.AUDIT_SIGNING_KEY_PKCS11)
                                .map(v -> KeysConfig.pkcs11(v, KeysConfig.AUDIT_SIGNING_KEY_PKCS11)),
                        s.optional(KeysConfig.AUDIT_SIGNING_KEY_PKCS11_PIN)),
                new Guards(
                        s.positive(Guards.DISTINCT_PATIENTS_PER_DAY, 500),
                        s.duration(Guards.BREAK_GLASS_TTL, java.time.Duration.ofHours(4)),
                        s.positive(Guards.SMS_PER_NUMBER_PER_DAY, 5),
                        s.positive(Guards.SMS_DAILY_BUDGET, 20_000),
                        s.list(Guards.SMS_COUNTRIES, Guards.FRENCH_PREFIXES),
                        s.list(Guards.TRUSTED_PROXIES, ""),
                        s.positive(Guards.MAX_IN_FLIGHT, 512),
                        s.optional(RateLimitPolicy.VARIABLE).map(RateLimitPolicy::parse)
                                .orElse(RateLimitPolicy.LOCAL)),
                TlsConfig.of(s.optional(TlsConfig.CERT), s.optional(TlsConfig.KEY), s.optional(TlsConfig.CLIENT_CA)),
                s.optional(PRESENCE_ISSUER).map(GatewayConfig::withoutTrailingSlash),
                s.string(PRESENCE_AUDIENCE, "dmp-presence"),
                s.optional(MODE).map(Mode::parse)
                        .orElse(s.optional(PG_URL).isPresent() ? Mode.PRODUCTION : Mode.DEVELOPMENT),
                s.optional(METRICS_PORT).map(v -> s.port(METRICS_PORT, 0)),
                s.string(METRICS_HOST, "127.0.0.1"),
                clockOffset(s),
                positiveDuration(s, BUSINESS_METRICS_INTERVAL, java.time.Duration.ofMinutes(1)),
                redisMode(s.optional(REDIS_URL), s.optional(RedisMode.VARIABLE)),
                s.string(REDIS_MASTER, "mymaster"),
                s.optional(Roles.VARIABLE).map(Roles::parse).orElse(Roles.ALL));
    }

    private static java.time.Duration positiveDuration(Settings s, String name, java.time.Duration fallback) {
        java.time.Duration d = s.duration(name, fallback);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(name + ": must be a positive ISO-8601 duration such as PT1M");
        }
        return d;
    }

    /** Testers move time on their own embedded data only; with a real database the offset is refused (fail closed). */
    private static java.time.Duration clockOffset(Settings s) {
        java.time.Duration offset = s.duration(CLOCK_OFFSET, java.time.Duration.ZERO);
        if (!offset.isZero() && s.optional(PG_URL).isPresent()) {
            throw new ConfigException(CLOCK_OFFSET + ": only with the embedded database; it is refused with "
                    + PG_URL + " (it would open or purge real records early)");
        }
        return offset;
    }

    /**
     * The platform's clock: UTC, moved by {@link #clockOffset()} (embedded mode only). Access tokens keep the real
     * clock: their issuer signs them with its own time.
     */
    public java.time.Clock clock() {
        return clockOffset.isZero() ? java.time.Clock.systemUTC()
                : java.time.Clock.offset(java.time.Clock.systemUTC(), clockOffset);
    }

    /** The export folder of postal letters' PDF batches and manifests, for the mail house: {@code dataDir/letters}. */
    public Path letterDir() {
        return dataDir.resolve("letters");
    }

    /** True when the database is the embedded one (no DMP_PG_URL): the walk-through conveniences apply. */
    public boolean embeddedDatabase() {
        return pgUrl.isEmpty();
    }

    /** This configuration with another HTTP port and data directory (tests start on free ports in a temp dir). */
    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(port, httpHost, dataDir, pgUrl, pgPoolSize, pgSynchronousCommit, redisUrl, redisCa,
                oidcIssuer, oidcAudience, masterKey, insHashKey, rateLimitBurst, rateLimitPerSecond, tokenCacheSize, inboxPort, smpp,
                smtp, notifyKey, pwaSecret, secureCookies, publicUrl, loginAttemptsPerAddress, httpInstances, keys, guards, tls,
                presenceIssuer, presenceAudience, mode, metricsPort, metricsHost, clockOffset,
                businessMetricsInterval, redisMode, redisMaster, roles);
    }

    /** This configuration with these roles ({@code ./dmp run --role}). */
    public GatewayConfig withRoles(Roles roles) {
        return new GatewayConfig(httpPort, httpHost, dataDir, pgUrl, pgPoolSize, pgSynchronousCommit, redisUrl, redisCa,
                oidcIssuer, oidcAudience, masterKey, insHashKey, rateLimitBurst, rateLimitPerSecond, tokenCacheSize,
                inboxPort, smpp, smtp, notifyKey, pwaSecret, secureCookies, publicUrl, loginAttemptsPerAddress,
                httpInstances, keys, guards, tls, presenceIssuer, presenceAudience, mode, metricsPort, metricsHost,
                clockOffset, businessMetricsInterval, redisMode, redisMaster, roles);
    }

    /** The patient space's opposition page, as written in invitations and reminders. */
    public String oppositionUrl() {
        return publicUrl + fr.sante.dmp.pwa.web.Paths.OPPOSITION;
    }

    /** True when no SMS or mail provider is configured: the embedded SMSC, SMTP server and dev inbox run. */
    public boolean embeddedMessaging() {
        return smpp.isEmpty() && smtp.isEmpty();
    }

    /** True when nothing external is configured for the identity provider: the development issuer runs. */
    public boolean embeddedIssuer() {
        return oidcIssuer.isEmpty();
    }

    @Override
    public String toString() {
        // Keys never reach a log; URLs may carry passwords, so only whether they are set is shown.
        return "GatewayConfig[mode=" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", roles=" + roles
                + ", httpPort=" + httpPort
                + ", dataDir=" + dataDir
                + ", pg=" + (pgUrl.isPresent() ? "external" : "embedded")
                + ", redis=" + (redisUrl.isPresent() ? "external" : "embedded")
                + ", oidc=" + oidcIssuer.orElse("embedded") + ", audience=" + oidcAudience
                + ", messaging=" + (embeddedMessaging() ? "embedded" : smpp.map(Object::toString).orElse("no-sms") + "/"
                        + smtp.map(Object::toString).orElse("no-mail"))
                + ", tls=" + (tls.isEmpty() ? "off" : tls.get().clientCa().isPresent() ? "mtls" : "on") + "]";
    }

    /** Cluster and Sentinel name external servers: the embedded Redis is one standalone server. */
    private static RedisMode redisMode(Optional<String> url, Optional<String> mode) {
        RedisMode m = mode.map(RedisMode::parse).orElse(RedisMode.STANDALONE);
        if (m != RedisMode.STANDALONE && url.isEmpty()) {
            throw new ConfigException(RedisMode.VARIABLE + ": " + m.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs the addresses in " + REDIS_URL);
        }
        if (m == RedisMode.STANDALONE && url.isPresent() && redisAddresses(url.get()).size() > 1) {
            throw new ConfigException(REDIS_URL + ": several addresses need " + RedisMode.VARIABLE
                    + "=cluster or sentinel");
        }
        return m;
    }

    /** The addresses of DMP_REDIS_URL, in order (one for standalone; seeds or Sentinels otherwise). */
    public static java.util.List<String> redisAddresses(String url) {
        return java.util.Arrays.stream(url.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
    }

    /** The authorities of a TLS Redis: only with a {@code rediss://} URL, and a file we can read. */
    private static Optional<Path> redisCa(Optional<String> url, Optional<String> ca) {
        if (ca.isEmpty()) {
            return Optional.empty();
        }
        if (url.isEmpty() || !url.get().startsWith("rediss://")) {
            throw new ConfigException(REDIS_CA + ": only for a TLS Redis (" + REDIS_URL + " rediss://…)");
        }
        Path file = Path.of(ca.get()).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isReadable(file)) {
            throw new ConfigException(REDIS_CA + ": cannot read " + file);
        }
        return Optional.of(file);
    }

    /** Invitations carry this link: a person must never be sent to a page over plain HTTP. */
    private static String publicUrl(String url, boolean embeddedDatabase) {
        boolean localHttp = embeddedDatabase && fr.sante.dmp.notify.template.PublicLinks.localHttp(url);
        if (!(url.startsWith("https://") || localHttp) || url.contains("?") || url.contains("#")) {
            throw new ConfigException(PUBLIC_URL + ": an https:// address without query or fragment (plain http only"
                    + " on localhost with the embedded database)");
        }
        return withoutTrailingSlash(url);
    }

    /**
     * With the embedded database, the URL the platform actually serves (http, or https with DMP_TLS_CERT, on
     * localhost and DMP_HTTP_PORT), so the links in SMS and e-mails of the dev inbox open; otherwise an https address
     * (production names its own with DMP_PUBLIC_URL).
     */
    private static String defaultPublicUrl(Settings s, int httpPort) {
        boolean tls = s.optional(TlsConfig.CERT).isPresent();
        return s.optional(PG_URL).isEmpty() && !tls ? "http://localhost:" + httpPort : "https://localhost:" + httpPort;
    }

    /**
     * The invitations' options for links to {@code publicUrl}: the fiction numbers (+33 6 39 98 …) are accepted in
     * cohorts with the embedded database only.
     */
    public fr.sante.dmp.store.invitation.InvitationOptions invitationOptions(String publicUrl) {
        return fr.sante.dmp.store.invitation.InvitationOptions.defaults(publicUrl + fr.sante.dmp.pwa.web.Paths.OPPOSITION)
                .withFictionNumbers(embeddedDatabase());
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

        java.time.Duration duration(String name, java.time.Duration fallback) {
            try {
                return optional(name).map(java.time.Duration::parse).orElse(fallback);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigException(name + ": must be an ISO-8601 duration such as PT4H");
            }
        }

        java.util.List<String> list(String name, String fallback) {
            return java.util.Arrays.stream(string(name, fallback).split(","))
                    .map(String::trim).filter(v -> !v.isEmpty()).toList();
        }

        boolean bool(String name, boolean fallback) {
            return optional(name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new ConfigException(name + ": must be true or false");
            }).orElse(fallback);
        }

        /** Comma-separated base64 keys of 32 bytes each; empty list when unset. */
        java.util.List<byte[]> keys(String name) {
            java.util.List<byte[]> out = new java.util.ArrayList<>();
            for (String part : optional(name).orElse("").split(",")) {
                if (!part.isBlank()) {
                    out.add(new Settings(Map.of(name, part.trim())).key(name).orElseThrow());
                }
            }
            return out;
        }

        /**
         * Trusted audit keys, comma-separated base64: raw 32-byte Ed25519 keys, or X.509 EC P-256 keys (an HSM's, as
         * {@code ./dmp audit public-key} prints it).
         */
        java.util.List<byte[]> verifyKeys(String name) {
            java.util.List<byte[]> out = new java.util.ArrayList<>();
            for (String part : optional(name).orElse("").split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    byte[] key = Base64.getDecoder().decode(part.trim());
                    fr.sante.dmp.store.audit.CheckpointKeys.publicKey(key);
                    out.add(key);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name + ": each key must be base64 of a raw Ed25519 public key (32 bytes)"
                            + " or of an X.509 EC P-256 public key");
                }
            }
            return out;
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
