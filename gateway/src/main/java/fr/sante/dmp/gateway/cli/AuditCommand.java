package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.KeysConfig;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.audit.CheckpointKeys;
import fr.sante.dmp.store.audit.PgAuditService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code dmp audit verify}: walks the audit chain and checks its signed checkpoints and the witness file straight from
 * the database, whether the platform runs or not (with the embedded database: the running one, else it is started for
 * the check), and writes nothing to it. Exit code 0 when the chain holds, 1 on a break. {@code dmp audit public-key}:
 * prints the checkpoint verification key and its id (base64 of the raw Ed25519 public key, or of the X.509 EC P-256
 * public key of the HSM's key), and the former in-memory key while one is held, for an auditor's
 * DMP_AUDIT_VERIFY_KEYS. {@code dmp audit hsm-generate}: creates the HSM's audit key named by
 * DMP_AUDIT_SIGNING_KEY_PKCS11.
 */
public final class AuditCommand {
    static final String USAGE = "dmp audit verify | dmp audit public-key | dmp audit hsm-generate";

    private AuditCommand() {
    }

    /**
     * Read-only: the verifier alone on read-only sessions, never the store (whose start-up migrates and signs the
     * head, which would sign a broken chain and change what is being verified). The chain key, the trusted keys and
     * the witness file are those the gateway runs with.
     */
    static Future<AuditVerification> verify(Vertx vertx, GatewayConfig config, String pgUri) {
        return PgAuditService.verifyReadOnly(vertx, pgUri, DataKeys.resolve(config).auditOptions(config));
    }

    /** The signing key's public key and id; with an HSM key, the in-memory key it replaced as {@code formerKeys}. */
    static JsonObject publicKeys(GatewayConfig config) {
        byte[] inMemory = DataKeys.resolve(config).auditSigningKey();
        Optional<java.security.PublicKey> hsm = config.keys().openHsmAuditKey()
                .map(fr.sante.dmp.store.crypto.Pkcs11SigningKey::publicKey);
        if (hsm.isEmpty()) {
            return describe(CheckpointKeys.publicKeyOf(inMemory), "Ed25519");
        }
        JsonObject out = describe(CheckpointKeys.exported(hsm.get()), "ECDSA P-256 (SHA256withECDSA), in the HSM");
        if (inMemory != null) {
            out.put("formerKeys", new io.vertx.core.json.JsonArray().add(
                    describe(CheckpointKeys.publicKeyOf(inMemory), "Ed25519")));
        }
        return out;
    }

    private static JsonObject describe(byte[] exported, String algorithm) {
        return new JsonObject().put("publicKey", java.util.Base64.getEncoder().encodeToString(exported))
                .put("keyId", CheckpointKeys.keyIdHex(exported)).put("algorithm", algorithm);
    }

    /** Generates the HSM audit key named by DMP_AUDIT_SIGNING_KEY_PKCS11 (EC P-256, private half not extractable). */
    private static int hsmGenerate(GatewayConfig config) {
        var k = config.keys();
        if (k.auditSigningKeyPkcs11().isEmpty()) {
            throw new UsageException("audit hsm-generate: set " + KeysConfig.AUDIT_SIGNING_KEY_PKCS11
                    + " (module=...;slot=...;label=...) and " + KeysConfig.AUDIT_SIGNING_KEY_PKCS11_PIN + " (or "
                    + KeysConfig.MASTER_KEY_PKCS11_PIN + ")");
        }
        try {
            fr.sante.dmp.store.crypto.Pkcs11SigningKey key = fr.sante.dmp.store.crypto.Pkcs11SigningKey.generate(
                    k.auditSigningKeyPkcs11().get(), k.auditPkcs11Pin().or(k::pkcs11Pin).orElseThrow().toCharArray());
            byte[] exported = CheckpointKeys.exported(key.publicKey());
            System.out.println("audit hsm-generate: EC P-256 key pair '" + key.label() + "' generated in the HSM, id "
                    + CheckpointKeys.keyIdHex(exported) + "; public key (for DMP_AUDIT_VERIFY_KEYS): "
                    + java.util.Base64.getEncoder().encodeToString(exported));
            return 0;
        } catch (IllegalStateException e) {
            throw new fr.sante.dmp.gateway.config.ConfigException(e.getMessage());
        }
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() == 1 && "public-key".equals(argv.get(0))) {
            System.out.println(publicKeys(config).encodePrettily());
            return 0;
        }
        if (argv.size() == 1 && "hsm-generate".equals(argv.get(0))) {
            return hsmGenerate(config);
        }
        if (argv.size() != 1 || !"verify".equals(argv.get(0))) {
            throw new UsageException("usage: " + USAGE);
        }
        try (CommandRuntime runtime = CommandRuntime.open(config)) {
            AuditVerification v = CommandRuntime.await(verify(runtime.vertx(), config, runtime.pgUri()),
                    Duration.ofMinutes(10));
            System.out.println(fr.sante.dmp.gateway.api.AuditVerdictJson.json(v).encodePrettily());
            if (!v.ok()) {
                System.err.println("audit chain BROKEN at entry " + v.firstBreak().map(String::valueOf).orElse("?")
                        + v.reason().map(r -> " (" + r + ")").orElse(""));
            }
            return v.ok() ? 0 : 1;
        }
    }
}
