package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.audit.CheckpointKeys;
import fr.sante.dmp.store.audit.PgAuditService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code dmp audit verify}: walks the audit chain and checks its signed checkpoints and the witness file straight from
 * the database, whether the platform runs or not (with the embedded database: the running one, else it is started for
 * the check), and writes nothing to it. Exit code 0 when the chain holds, 1 on a break. {@code dmp audit public-key}: prints the checkpoint verification key (base64 of
 * the raw Ed25519 public key) and its id, for an auditor's DMP_AUDIT_VERIFY_KEYS.
 */
public final class AuditCommand {
    static final String USAGE = "dmp audit verify | dmp audit public-key";

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

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() == 1 && "public-key".equals(argv.get(0))) {
            byte[] pub = CheckpointKeys.publicKeyOf(DataKeys.resolve(config).auditSigningKey());
            System.out.println(new JsonObject()
                    .put("publicKey", java.util.Base64.getEncoder().encodeToString(pub))
                    .put("keyId", CheckpointKeys.keyIdHex(pub))
                    .put("algorithm", "Ed25519").encodePrettily());
            return 0;
        }
        if (argv.size() != 1 || !"verify".equals(argv.get(0))) {
            throw new UsageException("usage: " + USAGE);
        }
        Optional<String> running = config.pgUrl().or(() -> EmbeddedServices.runningPostgresUri(config.dataDir()));
        Optional<DevServices.Service> ownDatabase = running.isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedServices.startPostgres(config));
        String pgUri = running.orElseGet(() -> ownDatabase.orElseThrow().uri());
        Vertx vertx = Vertx.vertx();
        try {
            AuditVerification v = verify(vertx, config, pgUri).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.MINUTES);
            System.out.println(fr.sante.dmp.gateway.api.AuditVerdictJson.json(v).encodePrettily());
            if (!v.ok()) {
                System.err.println("audit chain BROKEN at entry " + v.firstBreak().map(String::valueOf).orElse("?")
                        + v.reason().map(r -> " (" + r + ")").orElse(""));
            }
            return v.ok() ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (ownDatabase.isPresent()) {
                ownDatabase.get().close();
            }
        }
    }
}
