package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.ActorCategory;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import fr.sante.dmp.gateway.api.FeedReportJson;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.carehistory.CareHistoryOptions;
import fr.sante.dmp.store.carehistory.FeedReport;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dmp feed FILE}: feeds an insurer's NDJSON file into the care history straight from the database, as the
 * insurer's feed identity, whether the platform runs or not (with the embedded database: the running one, else it is
 * started for the feed). Prints the report as JSON; exit code 0 when the feed ran (rejected lines are in the report).
 */
public final class FeedCommand {
    static final String USAGE = "dmp feed FILE [--feeder RPPS]";
    /** The insurer's service identity when none is given (the feed is audited under it). */
    static final String DEFAULT_FEEDER = "10000000017";

    private FeedCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.isEmpty() || argv.get(0).startsWith("--")) {
            throw new UsageException("usage: " + USAGE);
        }
        Path file = Path.of(argv.get(0));
        Args args = Args.parse(argv.subList(1, argv.size()), Set.of("feeder"), Set.of());
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read " + file);
        }
        Actor.Professional feeder = new Actor.Professional(Rpps.parse(args.option("feeder").orElse(DEFAULT_FEEDER)),
                Profession.PHYSICIAN, Optional.empty(), ActorCategory.INSURER_FEED);
        try (CommandRuntime runtime = CommandRuntime.open(config);
             BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StoreOptions options = DataKeys.resolve(config).storeOptions(config, runtime.pgUri(), 2, config.clock());
            ConsentEngine consent = ConsentEngine.withDefaultPolicy();
            // The store first: on a database the platform never ran on, its start-up creates the schema the care
            // history's tables refer to. The service pulls the file's lines on a worker, one chunk at a time.
            FeedReport report = CommandRuntime.await(DocumentStore.start(runtime.vertx(), options, consent)
                    .compose(store -> store.careHistory(CareHistoryOptions.DEFAULT)
                            .compose(care -> care.feed(feeder, lines.lines().iterator()).eventually(care::close))
                            .eventually(store::close)), Duration.ofHours(6));
            System.out.println(FeedReportJson.json(report).encodePrettily());
            return 0;
        }
    }
}
