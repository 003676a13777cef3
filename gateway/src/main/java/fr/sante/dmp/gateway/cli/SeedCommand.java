package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.seed.SeedCrypto;
import fr.sante.dmp.gateway.seed.SeedOptions;
import fr.sante.dmp.gateway.seed.SeedResult;
import fr.sante.dmp.gateway.seed.Seeder;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code dmp seed --persons N [--from I] [--documents-per-person MEAN] [--batch B] [--threads T]}: fills the record
 * store with persons [I, I + N) of the synthetic population, encrypted with the platform's keys. The database is found
 * as {@code run} finds it: DMP_PG_URL, else the embedded PostgreSQL of a running platform (DMP_DATA_DIR/pg.port), else
 * the embedded PostgreSQL of DMP_DATA_DIR started for the seed and stopped after. Migrations are applied first.
 */
public final class SeedCommand {
    static final String USAGE = "dmp seed [--persons N] [--from I] [--documents-per-person MEAN] [--batch B] "
            + "[--threads T]";

    private SeedCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        SeedOptions options = options(Args.parse(argv,
                Set.of("persons", "from", "documents-per-person", "batch", "threads"), Set.of()));
        try (CommandRuntime runtime = CommandRuntime.open(config)) {
            String pgUri = runtime.pgUri();
            DataKeys keys = DataKeys.resolve(config);
            migrate(runtime, keys);
            PgConnectOptions pg = PgConnectOptions.fromUri(pgUri);
            String jdbc = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/"
                    + URLEncoder.encode(pg.getDatabase(), StandardCharsets.UTF_8);
            System.err.printf(Locale.ROOT, "seed: persons [%,d, %,d), %.2f documents per person on average, "
                            + "batches of %,d, %d producer threads, database %s%n", options.from(), options.end(),
                    options.meanDocuments(), options.batch(), options.threads(),
                    config.pgUrl().isPresent() ? "DMP_PG_URL" : runtime.ownDatabase().isEmpty()
                            ? "of the running platform" : "embedded (started for the seed)");
            SeedResult r = new Seeder(jdbc, pg.getUser(), pg.getPassword(),
                    () -> SeedCrypto.platform(keys.masterKey(), keys.insHashKey()), System.err).run(options);
            System.out.printf(Locale.ROOT, "seeded %,d persons, %,d rows in %.1f s (%,.0f persons/s, %,.0f rows/s); "
                            + "database size %,d MB%n", r.persons(), r.rows(), r.elapsed().toMillis() / 1000.0,
                    r.personsPerSecond(), r.rowsPerSecond(), r.databaseBytes() / (1024 * 1024));
            return 0;
        }
    }

    static SeedOptions options(Args args) {
        try {
            return new SeedOptions(
                    args.option("from").map(Long::parseLong).orElse(0L),
                    args.option("persons").map(Long::parseLong).orElse(SeedOptions.DEFAULT_PERSONS),
                    args.option("documents-per-person").map(Double::parseDouble)
                            .orElse(SeedOptions.DEFAULT_MEAN_DOCUMENTS),
                    args.option("batch").map(Integer::parseInt).orElse(SeedOptions.DEFAULT_BATCH),
                    args.option("threads").map(Integer::parseInt)
                            .orElse(Math.max(1, Runtime.getRuntime().availableProcessors())));
        } catch (NumberFormatException e) {
            throw new UsageException("usage: " + USAGE + " (numbers expected)");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "\nusage: " + USAGE);
        }
    }

    /** The store applies its migrations when it starts: start it once, then close it. */
    private static void migrate(CommandRuntime runtime, DataKeys keys) throws Exception {
        StoreOptions options = new StoreOptions(runtime.pgUri(), 1, keys.masterKey(), keys.insHashKey(),
                Clock.systemUTC());
        CommandRuntime.await(DocumentStore.start(runtime.vertx(), options, ConsentEngine.withDefaultPolicy())
                .compose(DocumentStore::close), Duration.ofMinutes(5));
    }
}
