package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.research.ExtractReport;
import fr.sante.dmp.store.research.ResearchProjects;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code dmp research extract PROJECT --out DIR}: the project's pseudonymised extract (persons.csv.gz,
 * documents.csv.gz, care_history.csv.gz, schema.json, data-dictionary.md, report.json) written to DIR, which must
 * not exist: nothing appears there unless the whole extract succeeded and was audited. Prints the report's counts.
 * {@code dmp research end PROJECT}: ends the project and destroys its key. Straight on the database, like
 * {@link CampaignCommand} (the running embedded database, else one started for the command).
 */
public final class ResearchCommand {
    static final String USAGE = "dmp research extract PROJECT --out DIR [--operator NAME] | dmp research end PROJECT"
            + " [--operator NAME]";

    private ResearchCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() < 2) {
            throw new UsageException("usage: " + USAGE);
        }
        UUID project;
        try {
            project = UUID.fromString(argv.get(1));
        } catch (IllegalArgumentException e) {
            throw new UsageException("a project id is a UUID (the id POST /api/v1/admin/research-projects answered)");
        }
        Args args = Args.parse(argv.subList(2, argv.size()), Set.of("out", "operator"), Set.of());
        String operator = args.option("operator").orElse(CampaignCommand.DEFAULT_OPERATOR);
        return switch (argv.get(0)) {
            case "extract" -> {
                Path out = Path.of(args.option("out").orElseThrow(() -> new UsageException("usage: " + USAGE)));
                ExtractReport report = withResearch(config, r -> r.extract(operator, project, out));
                JsonObject j = report.json();
                System.out.println("persons: " + j.getJsonObject("persons").encode());
                System.out.println("documents: " + j.getJsonObject("documents").encode());
                System.out.println("care lines: " + j.getJsonObject("careLines").encode());
                System.out.println("residual risk: " + j.getJsonObject("residualRisk").encode());
                System.out.println("l-diversity: " + j.getJsonObject("lDiversity").encode());
                System.out.println("seconds: " + j.getDouble("seconds"));
                System.out.println(out.toAbsolutePath());
                yield 0;
            }
            case "end" -> {
                withResearch(config, r -> r.end(operator, project));
                System.out.println("research end: project " + project + " ended; its key is destroyed");
                yield 0;
            }
            default -> throw new UsageException("usage: " + USAGE);
        };
    }

    private static <T> T withResearch(GatewayConfig config, Function<ResearchProjects, Future<T>> call)
            throws Exception {
        try (CommandRuntime runtime = CommandRuntime.open(config)) {
            StoreOptions options = DataKeys.resolve(config).storeOptions(config, runtime.pgUri(), 2, config.clock());
            return CommandRuntime.result(DocumentStore.start(runtime.vertx(), options,
                            ConsentEngine.withDefaultPolicy())
                    .compose(store -> call.apply(store.research()).eventually(store::close)), Duration.ofHours(48));
        }
    }
}
