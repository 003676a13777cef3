package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.store.invitation.SchedulerRun;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code dmp scheduler run [--at ISO-INSTANT]}: one pass of the invitations' scheduler (send times, reminders,
 * activation at the deadline, purge, escrows) now, or as of the instant given, on the running platform's database (or
 * the embedded one started for the command). The same jobs as the platform's timer, which keeps running: SKIP LOCKED
 * shares the rows, nothing is done twice.
 *
 * <p>A pass as of a future instant opens records before their deadline: allowed only on the embedded database, like
 * DMP_CLOCK_OFFSET; with DMP_PG_URL only instants up to now are accepted (fail closed).
 */
public final class SchedulerCommand {
    static final String USAGE = "dmp scheduler run [--at ISO-INSTANT]";

    private SchedulerCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws Exception {
        if (argv.isEmpty() || !"run".equals(argv.get(0))) {
            throw new UsageException("usage: " + USAGE);
        }
        Args args = Args.parse(argv.subList(1, argv.size()), Set.of("at"), Set.of());
        Instant now = config.clock().instant();
        Instant at = args.option("at").map(SchedulerCommand::instant).orElse(now);
        if (at.isAfter(now) && !config.embeddedDatabase()) {
            throw new UsageException("--at in the future is refused with " + GatewayConfig.PG_URL
                    + ": it would open real records before their deadline");
        }
        SchedulerRun run = CampaignCommand.withInvitations(config, inv -> inv.scheduler().runOnce(at));
        System.out.println("as of: " + at);
        System.out.println("invitations sent: " + run.invitationsSent());
        System.out.println("reminders: " + run.reminders());
        System.out.println("activated: " + run.activated());
        System.out.println("purged: " + run.purged());
        System.out.println("escrows erased: " + run.escrowsErased());
        System.out.println("letters after failed SMS and e-mail: " + run.letters());
        System.out.println("parental links ended at majority: " + run.ofAge());
        return 0;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--at: an ISO-8601 instant such as 2027-01-31T08:00:00Z");
        }
    }
}
