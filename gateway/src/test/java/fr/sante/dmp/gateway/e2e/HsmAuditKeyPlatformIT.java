package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.cli.AuditCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.KeysConfig;
import fr.sante.dmp.store.crypto.Pkcs11MasterKey;
import fr.sante.dmp.store.testing.SoftHsm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, "the audit signing key can live in the HSM too", as an operator does it: a platform signs its audit
 * checkpoints with the embedded Ed25519 key; {@code ./dmp audit hsm-generate} creates the ECDSA P-256 key in the HSM
 * (SoftHSM2); the platform restarted with DMP_AUDIT_SIGNING_KEY_PKCS11 signs with it from then on; {@code ./dmp audit
 * verify} still verifies every checkpoint, the old ones included; an auditor given both public keys
 * ({@code ./dmp audit public-key}) verifies the chain, one given the old key alone stops at the first HSM checkpoint.
 */
class HsmAuditKeyPlatformIT {

    @Test
    void checkpointsSignedBeforeAndAfterTheMoveToTheHsmAllVerify(@TempDir Path dataDir) throws Exception {
        Map<String, String> base = Map.of(
                GatewayConfig.DATA_DIR, dataDir.toString(),
                GatewayConfig.HTTP_PORT, "0",
                GatewayConfig.HTTP_HOST, "127.0.0.1",
                GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false",
                GatewayConfig.INBOX_PORT, "0",
                GatewayConfig.PUBLIC_URL, "https://espace-sante.test",
                KeysConfig.AUDIT_CHECKPOINT_EVERY, "5");
        GatewayConfig inMemory = GatewayConfig.load(base);
        readsUnder(inMemory, 8);

        Pkcs11MasterKey.Location token = SoftHsm.newToken("dmp-audit");
        Map<String, String> hsmEnv = new HashMap<>(base);
        hsmEnv.put(KeysConfig.AUDIT_SIGNING_KEY_PKCS11, "module=" + token.module() + ";slot=" + token.slot()
                + ";label=" + token.label());
        hsmEnv.put(KeysConfig.AUDIT_SIGNING_KEY_PKCS11_PIN, SoftHsm.PIN);
        GatewayConfig inHsm = GatewayConfig.load(hsmEnv);
        assertThat(AuditCommand.run(inHsm, List.of("hsm-generate"))).isZero();
        readsUnder(inHsm, 8);

        // The operator's verification: the HSM key's checkpoints and the Ed25519 ones before them.
        assertThat(AuditCommand.run(inHsm, List.of("verify"))).isZero();
        JsonObject keys = new JsonObject(printed(() -> AuditCommand.run(inHsm, List.of("public-key"))));
        assertThat(keys.getString("algorithm")).startsWith("ECDSA P-256");
        String hsmPublic = keys.getString("publicKey");
        String edPublic = keys.getJsonArray("formerKeys").getJsonObject(0).getString("publicKey");
        assertThat(keys.getJsonArray("formerKeys").getJsonObject(0).getString("algorithm")).isEqualTo("Ed25519");

        // An auditor's verifier (no HSM, no private key): both public keys verify the chain ...
        JsonObject both = new JsonObject(printed(() -> AuditCommand.run(auditor(base, hsmPublic + "," + edPublic),
                List.of("verify"))));
        assertThat(both.getBoolean("ok")).as(both.encode()).isTrue();
        // ... the old key alone refuses the first checkpoint the HSM signed.
        JsonObject oldOnly = new JsonObject(printed(() -> AuditCommand.run(auditor(base, edPublic),
                List.of("verify"))));
        assertThat(oldOnly.getBoolean("ok")).isFalse();
        assertThat(oldOnly.getString("reason")).isEqualTo("CHECKPOINT_SIGNATURE");
        assertThat(oldOnly.getLong("firstBreak")).isGreaterThan(oldOnly.getLong("lastCheckpoint"));
    }

    /** A verifier that trusts only the given public keys (the data directory's Ed25519 key file moved away). */
    private static GatewayConfig auditor(Map<String, String> base, String verifyKeys) {
        Map<String, String> env = new HashMap<>(base);
        env.put(KeysConfig.AUDIT_VERIFY_KEYS, verifyKeys);
        // A throw-away signing key: its public key signed nothing here, so it trusts nothing of this chain.
        env.put(KeysConfig.AUDIT_SIGNING_KEY, java.util.Base64.getEncoder().encodeToString(
                fr.sante.dmp.store.audit.CheckpointKeys.generateSigningKey()));
        return GatewayConfig.load(env);
    }

    /** Starts a platform, makes {@code n} audited reads of one patient's record, stops it. */
    private static void readsUnder(GatewayConfig config, int n) throws Exception {
        Platform platform = Platform.start(config);
        Vertx vertx = Vertx.vertx();
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(platform.httpPort()));
            Dmp dmp = new Dmp(platform, vertx, client);
            String ins = dmp.activePatient();
            String physician = dmp.inCare(dmp.physician(Identities.rpps()), ins);
            for (int i = 0; i < n; i++) {
                assertThat(dmp.list(physician, ins).statusCode()).isEqualTo(200);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            platform.close();
        }
    }

    private interface Command {
        int run() throws Exception;
    }

    /** What a command prints on standard output (its JSON). */
    private static String printed(Command command) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            command.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
