package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.gateway.config.DataKeys;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.messaging.Messaging;
import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.DocumentStore;
import fr.sante.dmp.store.StoreOptions;
import fr.sante.dmp.store.invitation.CampaignService;
import fr.sante.dmp.store.invitation.CampaignSummary;
import fr.sante.dmp.gateway.embedded.ServedAddress;
import fr.sante.dmp.store.invitation.Invitations;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code dmp campaign import FILE} and {@code dmp campaign status ID}: the same campaign service as the admin endpoint,
 * straight on the database, whether the platform runs or not (with the embedded database: the running one, else it is
 * started for the command, like {@link FeedCommand}). The import only enqueues: the platform's dispatcher sends.
 */
public final class CampaignCommand {
    static final String USAGE = "dmp campaign import FILE.csv [--operator NAME] | dmp campaign status ID"
            + " | dmp campaign reinvite ID --failed | dmp campaign returned RETURNS.csv";
    /** Who the audit names when the operator gives no name. */
    static final String DEFAULT_OPERATOR = "cli";

    private CampaignCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() < 2) {
            throw new UsageException("usage: " + USAGE);
        }
        return switch (argv.get(0)) {
            case "import" -> importFile(config, argv.subList(1, argv.size()));
            case "status" -> status(config, argv.subList(1, argv.size()));
            case "reinvite" -> reinvite(config, argv.subList(1, argv.size()));
            case "returned" -> returned(config, argv.subList(1, argv.size()));
            default -> throw new UsageException("usage: " + USAGE);
        };
    }

    private static int importFile(GatewayConfig config, List<String> argv) throws Exception {
        Path file = Path.of(argv.get(0));
        Args args = Args.parse(argv.subList(1, argv.size()), Set.of("operator"), Set.of());
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read " + file);
        }
        String operator = args.option("operator").orElse(DEFAULT_OPERATOR);
        CampaignSummary s = withCampaigns(config, c -> c.importFile(operator, file.toAbsolutePath()));
        System.out.println("imported: " + s.imported());
        System.out.println("rejected: " + s.rejected());
        System.out.println("skipped: " + s.skipped());
        if (s.rejected() > 0) {
            System.out.println("rejections: GET /api/v1/admin/campaigns/" + s.campaignId() + "/rejections");
        }
        // Last line: the id alone, for scripts (tail -n 1).
        System.out.println(s.campaignId());
        return 0;
    }

    /** Only the failed deliveries are re-invited: the flag says so, so that nobody re-invites a whole campaign by mistake. */
    private static int reinvite(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() != 2 || !"--failed".equals(argv.get(1))) {
            throw new UsageException("usage: " + USAGE);
        }
        UUID id = campaignId(argv.get(0));
        long n = withCampaigns(config, c -> c.reinviteFailed(id));
        System.out.println("re-invited: " + n);
        return 0;
    }

    /**
     * The mail house's file of letters sent back undelivered ({@code reference,reason}): each is recorded FAILED, and
     * the invitations that thereby reached nobody lose their window; the re-invitation to run next is printed.
     */
    private static int returned(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() != 1) {
            throw new UsageException("usage: " + USAGE);
        }
        Path file = Path.of(argv.get(0));
        if (!Files.isReadable(file)) {
            throw new UsageException("cannot read " + file);
        }
        fr.sante.dmp.store.invitation.ReturnedLetters.Report r = withCampaigns(config,
                c -> c.recordReturnedLetters(file.toAbsolutePath()));
        System.out.println("lines: " + r.lines());
        System.out.println("letters returned: " + r.returned());
        System.out.println("references matching no sent letter: " + r.unmatched());
        System.out.println("invitations that reached nobody (window withdrawn): " + r.withdrawn());
        System.out.println("records already open: " + r.alreadyOpen());
        for (fr.sante.dmp.store.invitation.Rejection x : r.refused()) {
            System.out.println("refused line " + x.line() + ", " + x.field() + ": " + x.reason());
        }
        for (UUID c : r.campaigns()) {
            System.out.println("next: dmp campaign reinvite " + c + " --failed");
        }
        return 0;
    }

    private static UUID campaignId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("a campaign id is a UUID (the last line of dmp campaign import)");
        }
    }

    private static int status(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.size() != 1) {
            throw new UsageException("usage: " + USAGE);
        }
        UUID id;
        try {
            id = UUID.fromString(argv.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException("a campaign id is a UUID (the last line of dmp campaign import)");
        }
        System.out.print(withCampaigns(config, c -> c.progress(id)).toText());
        return 0;
    }

    /** Opens the store (and the database if none runs), runs one call on the campaigns, then closes everything. */
    private static <T> T withCampaigns(GatewayConfig config, Function<CampaignService, Future<T>> call)
            throws Exception {
        return withInvitations(config, inv -> call.apply(inv.campaigns()));
    }

    /**
     * Opens the store (and the database if none runs) with the invitations on the outbox (enqueue only: the running
     * platform's dispatcher sends), runs one call, then closes everything. The scheduler command shares it.
     */
    static <T> T withInvitations(GatewayConfig config, Function<Invitations, Future<T>> call) throws Exception {
        try (CommandRuntime runtime = CommandRuntime.open(config)) {
            DataKeys keys = DataKeys.resolve(config);
            String pgUri = runtime.pgUri();
            // Blocking on this main thread (no event loop here): the outbox's table and templates.
            Messaging.migrateBlocking(pgUri);
            Outbox outbox = Notifications.outboxOnly(keys.notifyKey());
            StoreOptions options = keys.storeOptions(config, pgUri, 2, config.clock());
            return CommandRuntime.result(DocumentStore.start(runtime.vertx(), options,
                            ConsentEngine.withDefaultPolicy())
                    .compose(store -> call.apply(store.invitations(outbox, config.invitationOptions(
                                    ServedAddress.running(config.dataDir()).orElse(config.publicUrl()))))
                            .eventually(store::close)), Duration.ofHours(12));
        }
    }
}
