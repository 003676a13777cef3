package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.embedded.EmbeddedPostgresServer;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.audit.AuditVerification;
import fr.sante.dmp.store.audit.CheckpointKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code dmp audit verify}: walks the audit chain and checks its signed checkpoints straight from the database, whether
 * the platform runs or not (with the embedded database: the running one, else it is started for the check). Exit code
 * 0 when the chain holds, 1 on a break. {@code dmp audit public-key}: prints the checkpoint verification key (base64 of
 * the raw Ed25519 public key) and its id, for an auditor's DMP_AUDIT_VERIFY_KEYS.
 */
public final class AuditCommand {
    static final String USAGE = "dmp audit verify | dmp audit public-key";

    private AuditCommand() {
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
        Optional<EmbeddedPostgresServer> ownDatabase = running.isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedServices.startPostgres(config));
        String pgUri = running.orElseGet(() -> ownDatabase.orElseThrow().uri());
        DataKeys keys = DataKeys.resolve(config);
        Vertx vertx = Vertx.vertx();
        try {
            StoreOptions options = keys.storeOptions(config, pgUri, 2, Clock.systemUTC());
            AuditVerification v = DocumentStore.start(vertx, options, ConsentEngine.withDefaultPolicy())
                    .compose(store -> store.audit().verify().eventually(store::close))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
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
