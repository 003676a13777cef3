package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.care.DirectoryReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * {@code dmp directory import FILE}: loads the public extract of the national directory of health professionals
 * ("personne activité", pipe-separated, UTF-8) straight into the database, whether the platform runs or not (with the
 * embedded database: the running one, else it is started for the import). Prints the report as JSON and the rate on
 * standard error; exit code 0 when the import ran (bad lines are in the report), 2 when the file is not an extract.
 */
public final class DirectoryCommand {
    static final String USAGE = "dmp directory import FILE [--operator NAME]";
    static final String DEFAULT_OPERATOR = "cli";

    private DirectoryCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() < 2 || !"import".equals(argv.get(0)) || argv.get(1).startsWith("--")) {
            throw new UsageException("usage: " + USAGE);
        }
        Path file = Path.of(argv.get(1));
        Args args = Args.parse(argv.subList(2, argv.size()), Set.of("operator"), Set.of());
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read " + file);
        }
        String operator = args.option("operator").orElse(DEFAULT_OPERATOR);
        // Malformed UTF-8 becomes U+FFFD (the default of InputStreamReader), and such a line is counted bad.
        try (CommandRuntime runtime = CommandRuntime.open(config);
             BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                     StandardCharsets.UTF_8), 1 << 20)) {
            StoreOptions options = DataKeys.resolve(config).storeOptions(config, runtime.pgUri(), 4, config.clock());
            long[] importStarted = new long[1];
            DirectoryReport report = CommandRuntime.await(DocumentStore.start(runtime.vertx(), options,
                            ConsentEngine.withDefaultPolicy())
                    .compose(store -> {
                        importStarted[0] = System.nanoTime();
                        return store.directory().importExtract(operator, lines.lines().iterator())
                                .eventually(store::close);
                    }), Duration.ofHours(6));
            double seconds = (System.nanoTime() - importStarted[0]) / 1e9;
            System.out.println(json(report).encodePrettily());
            // The rate of the import itself: the store's start-up (migrations, pools) before it is not counted.
            System.err.printf("dmp directory import: %d lines in %.1f s, %.0f lines/s%n",
                    report.lines(), seconds, report.lines() / Math.max(seconds, 1e-9));
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordException.Invalid invalid) {
                throw new UsageException(file + ": " + invalid.getMessage());
            }
            throw e;
        }
    }

    static JsonObject json(DirectoryReport r) {
        JsonArray bad = new JsonArray();
        r.badLines().forEach(b -> bad.add(new JsonObject().put("line", b.line()).put("reason", b.reason())));
        return new JsonObject().put("lines", r.lines()).put("entries", r.entries()).put("changed", r.changed())
                .put("skipped", r.skipped()).put("bad", r.bad()).put("badLines", bad);
    }
}
