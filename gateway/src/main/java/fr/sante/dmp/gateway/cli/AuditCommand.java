package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.embedded.EmbeddedPostgresServer;
import fr.sante.dmp.gateway.embedded.EmbeddedServices;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.audit.AuditVerification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code dmp audit verify}: walks the audit chain straight from the database, whether the platform runs or not (with
 * the embedded database: the running one, else it is started for the check). Exit code 0 when the chain holds, 1 on
 * a break.
 */
public final class AuditCommand {
    static final String USAGE = "dmp audit verify";

    private AuditCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
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
            StoreOptions options = new StoreOptions(pgUri, 2, keys.masterKey(), keys.insHashKey(), Clock.systemUTC());
            AuditVerification v = DocumentStore.start(vertx, options, ConsentEngine.withDefaultPolicy())
                    .compose(store -> store.audit().verify().eventually(store::close))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            System.out.println(new JsonObject()
                    .put("ok", v.ok())
                    .put("entries", v.entries())
                    .put("firstBreak", v.firstBreak().orElse(null))
                    .encodePrettily());
            if (!v.ok()) {
                System.err.println("audit chain BROKEN at entry " + v.firstBreak().map(String::valueOf).orElse("?"));
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
