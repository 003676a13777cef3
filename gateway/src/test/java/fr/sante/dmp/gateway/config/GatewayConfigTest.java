package fr.sante.dmp.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @Test
    void withNothingConfiguredEverythingIsEmbeddedOnPort8080UnderData() {
        GatewayConfig c = GatewayConfig.load(Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(c.pgUrl()).isEmpty();
        assertThat(c.redisUrl()).isEmpty();
        assertThat(c.embeddedIssuer()).isTrue();
        assertThat(c.oidcAudience()).isEqualTo("dmp-api");
        assertThat(c.pgSynchronousCommit()).as("a commit is acknowledged once durable").isTrue();
    }

    @Test
    void theEnvironmentWinsOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dmp.properties");
        Files.writeString(file, "DMP_HTTP_PORT=9000\nDMP_REDIS_URL=redis://cache:6379\n");
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_CONFIG", file.toString(), "DMP_HTTP_PORT", "9100"));
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.redisUrl()).contains("redis://cache:6379");
    }

    @Test
    void aJsonFileIsReadToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dmp.json");
        Files.writeString(file, "{\"DMP_OIDC_ISSUER\": \"https://auth.example/realms/dmp/\", \"DMP_PG_POOL_SIZE\": 4}");
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_CONFIG", file.toString()));
        assertThat(c.oidcIssuer()).contains("https://auth.example/realms/dmp");
        assertThat(c.pgPoolSize()).isEqualTo(4);
        assertThat(c.embeddedIssuer()).isFalse();
    }

    @Test
    void invitationsLinkToTheOppositionPageOfThePublicHttpsAddress() {
        // Embedded mode: the URL actually served (plain http on localhost), so the dev inbox's links open.
        assertThat(GatewayConfig.load(Map.of()).oppositionUrl()).isEqualTo("http://localhost:8080/opposition");
        assertThat(GatewayConfig.load(Map.of("DMP_HTTP_PORT", "9090")).oppositionUrl())
                .isEqualTo("http://localhost:9090/opposition");
        // An external database: https only, and plain http is refused even on localhost.
        assertThat(GatewayConfig.load(Map.of("DMP_PG_URL", "postgresql://u:p@h/db")).oppositionUrl())
                .isEqualTo("https://localhost:8080/opposition");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_PG_URL", "postgresql://u:p@h/db",
                "DMP_PUBLIC_URL", "http://localhost:8080")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_PUBLIC_URL");
        assertThat(GatewayConfig.load(Map.of("DMP_PUBLIC_URL", "https://monespacesante.fr/")).oppositionUrl())
                .isEqualTo("https://monespacesante.fr/opposition");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_PUBLIC_URL", "http://monespacesante.fr")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_PUBLIC_URL");
    }

    @Test
    void theClockOffsetMovesThePlatformsClockOnTheEmbeddedDatabaseOnly() {
        GatewayConfig moved = GatewayConfig.load(Map.of("DMP_CLOCK_OFFSET", "P43D"));
        java.time.Instant expected = java.time.Instant.now().plus(java.time.Duration.ofDays(43));
        assertThat(java.time.Duration.between(expected, moved.clock().instant()).abs())
                .isLessThan(java.time.Duration.ofMinutes(1));
        assertThat(GatewayConfig.load(Map.of()).clockOffset()).isZero();
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_CLOCK_OFFSET", "P43D",
                "DMP_PG_URL", "postgresql://u:p@h/db")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DMP_CLOCK_OFFSET")
                .hasMessageContaining("DMP_PG_URL");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_CLOCK_OFFSET", "43 days")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DMP_CLOCK_OFFSET");
    }

    @Test
    void aBadValueNamesTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_HTTP_PORT");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_MASTER_KEY", "c2hvcnQ=")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_MASTER_KEY");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_RATE_LIMIT_PER_SECOND", "0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_RATE_LIMIT_PER_SECOND");
    }

    @Test
    void keysNeverAppearInToString() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_MASTER_KEY", key, "DMP_PG_URL", "postgresql://u:secret@h/db"));
        assertThat(c.toString()).doesNotContain(key).doesNotContain("secret");
    }

    @Test
    void embeddedKeysAreGeneratedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_DATA_DIR", dir.toString()));
        DataKeys first = DataKeys.resolve(c);
        DataKeys second = DataKeys.resolve(c);
        assertThat(first.masterKey()).hasSize(32).isEqualTo(second.masterKey());
        assertThat(first.insHashKey()).hasSize(32).isNotEqualTo(first.masterKey());
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/master.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void rotationAndAuditKeysAreReadAndTheSigningKeyIsGeneratedOnlyInEmbeddedMode(@TempDir Path dir) throws Exception {
        String a = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 1);
        String b = Base64.getEncoder().encodeToString(ones);
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_DATA_DIR", dir.toString(),
                "DMP_PREVIOUS_MASTER_KEYS", a + ", " + b, "DMP_AUDIT_CHECKPOINT_EVERY", "50"));
        assertThat(c.keys().previousMasterKeys()).hasSize(2);
        assertThat(c.keys().checkpointEvery()).isEqualTo(50);
        assertThat(c.keys().checkpointInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(c.toString()).doesNotContain(a).doesNotContain(b);
        DataKeys keys = DataKeys.resolve(c);
        assertThat(keys.auditSigningKey()).hasSize(32).isEqualTo(DataKeys.resolve(c).auditSigningKey());
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/audit-signing.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(keys.storeOptions(c, "postgresql://h/db", 1, java.time.Clock.systemUTC()).audit().signingKey())
                .isPresent();

        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_PREVIOUS_MASTER_KEYS", a + ",c2hvcnQ=")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_PREVIOUS_MASTER_KEYS");
        Map<String, String> external = new java.util.HashMap<>(Map.of("DMP_DATA_DIR", dir.resolve("x").toString(),
                "DMP_PG_URL", "postgresql://h/db", "DMP_MASTER_KEY", a, "DMP_INS_HASH_KEY", a, "DMP_NOTIFY_KEY", a,
                "DMP_PWA_SECRET", a));
        assertThatThrownBy(() -> DataKeys.resolve(GatewayConfig.load(external))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DMP_AUDIT_SIGNING_KEY");
    }

    @Test
    void keysAreNotGeneratedForAnExternalDatabase(@TempDir Path dir) {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_DATA_DIR", dir.toString(), "DMP_PG_URL", "postgresql://h/db"));
        assertThatThrownBy(() -> DataKeys.resolve(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DMP_MASTER_KEY");
    }

    @Test
    void messagingIsEmbeddedUnlessAProviderIsConfigured() {
        GatewayConfig c = GatewayConfig.load(Map.of());
        assertThat(c.embeddedMessaging()).isTrue();
        assertThat(c.inboxPort()).isEqualTo(8025);
        assertThat(c.secureCookies()).isTrue();
    }

    @Test
    void smsAndMailProvidersAreReadFromUrlsAndTheirPasswordsNeverPrinted() {
        GatewayConfig c = GatewayConfig.load(Map.of(
                "DMP_SMPP_URL", "smpp://dmp:s3cr%40t@smsc.example:2776?throughput=50",
                "DMP_SMTP_URL", "smtp://relay:p4ss@mail.example:587?from=ne-pas-repondre%40sante.fr&starttls=true",
                "DMP_SECURE_COOKIES", "false"));
        assertThat(c.embeddedMessaging()).isFalse();
        assertThat(c.smpp()).hasValueSatisfying(s -> {
            assertThat(s.host()).isEqualTo("smsc.example");
            assertThat(s.port()).isEqualTo(2776);
            assertThat(s.systemId()).isEqualTo("dmp");
            assertThat(s.password()).isEqualTo("s3cr@t");
            assertThat(s.throughputPerSecond()).isEqualTo(50);
        });
        assertThat(c.smtp()).hasValueSatisfying(s -> {
            assertThat(s.host()).isEqualTo("mail.example");
            assertThat(s.port()).isEqualTo(587);
            assertThat(s.from()).isEqualTo("ne-pas-repondre@sante.fr");
            assertThat(s.username()).isEqualTo("relay");
            assertThat(s.startTls()).isTrue();
        });
        assertThat(c.secureCookies()).isFalse();
        assertThat(c.toString()).doesNotContain("s3cr").doesNotContain("p4ss");
    }

    @Test
    void aProviderUrlWithoutWhatItNeedsNamesTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_SMTP_URL", "smtp://mail.example:25")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_SMTP_URL");
        assertThatThrownBy(() -> GatewayConfig.load(Map.of("DMP_SMPP_URL", "http://smsc.example")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("DMP_SMPP_URL");
    }

    @Test
    void notificationKeyAndPatientSpaceSecretAreGeneratedOnceAndDistinct(@TempDir Path dir) {
        GatewayConfig c = GatewayConfig.load(Map.of("DMP_DATA_DIR", dir.toString()));
        DataKeys first = DataKeys.resolve(c);
        DataKeys second = DataKeys.resolve(c);
        assertThat(first.notifyKey()).hasSize(32).isEqualTo(second.notifyKey());
        assertThat(first.pwaSecret()).hasSize(32).isEqualTo(second.pwaSecret()).isNotEqualTo(first.notifyKey());
    }

    @Test
    void developmentByDefaultWithEmbeddedServicesProductionByDefaultWithAnExternalDatabase() {
        assertThat(GatewayConfig.load(Map.of()).mode()).isEqualTo(Mode.DEVELOPMENT);
        assertThat(GatewayConfig.load(Map.of(GatewayConfig.PG_URL, "postgresql://u:p@db:5432/dmp")).mode())
                .isEqualTo(Mode.PRODUCTION);
        assertThat(GatewayConfig.load(Map.of(GatewayConfig.PG_URL, "postgresql://u:p@db:5432/dmp",
                Mode.VARIABLE, "development")).mode()).isEqualTo(Mode.DEVELOPMENT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayConfig.load(Map.of(Mode.VARIABLE, "prod")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Mode.VARIABLE);
        assertThat(ProductionChecks.of(GatewayConfig.load(Map.of()))).as("development checks nothing").isEmpty();
    }

    @Test
    void productionRefusesARedisUrlWithoutPassword() {
        GatewayConfig c = GatewayConfig.load(Map.of(Mode.VARIABLE, "production",
                GatewayConfig.REDIS_URL, "redis://cache:6379", GatewayConfig.METRICS_PORT, "9100",
                GatewayConfig.OIDC_ISSUER, "https://idp.example", GatewayConfig.SMTP_URL, "smtp://relay:25?from=a@b.c"));
        assertThat(ProductionChecks.of(c)).singleElement().asString().startsWith(GatewayConfig.REDIS_URL);
        for (String url : new String[] {"redis://:s3cret@cache:6379", "rediss://dmp:s3cret@cache:6380/0"}) {
            GatewayConfig ok = GatewayConfig.load(Map.of(Mode.VARIABLE, "production", GatewayConfig.REDIS_URL, url,
                    GatewayConfig.METRICS_PORT, "9100", GatewayConfig.OIDC_ISSUER, "https://idp.example",
                    GatewayConfig.SMTP_URL, "smtp://relay:25?from=a@b.c"));
            assertThat(ProductionChecks.of(ok)).as(url).isEmpty();
            assertThat(ok.toString()).doesNotContain("s3cret");
        }
    }
}
