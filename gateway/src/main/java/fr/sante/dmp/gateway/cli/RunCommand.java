package fr.sante.dmp.gateway.cli;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.config.GatewayConfig;
import fr.sante.dmp.gateway.config.Roles;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dmp run [--role api|worker|all]}: starts the platform and serves until interrupted (Ctrl-C stops everything in
 * order). The role ({@link Roles}) given here wins over DMP_ROLES.
 */
public final class RunCommand {

    private RunCommand() {
    }

    public static int run(GatewayConfig config, List<String> argv) throws InterruptedException {
        GatewayConfig configured = config;
        if (argv.size() == 2 && argv.get(0).equals("--role")) {
            configured = config.withRoles(Roles.parse(argv.get(1)));
        } else if (argv.size() == 1 && argv.get(0).startsWith("--role=")) {
            configured = config.withRoles(Roles.parse(argv.get(0).substring("--role=".length())));
        } else if (!argv.isEmpty()) {
            throw new UsageException("dmp run takes only --role api|worker|all; configure the rest with DMP_*"
                    + " variables");
        }
        long start = System.nanoTime();
        Platform platform = Platform.start(configured);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "dmp-shutdown"));
        System.out.println(banner(platform, (System.nanoTime() - start) / 1_000_000));
        stopped.await();
        return 0;
    }

    private static String banner(Platform p, long millis) {
        String base = p.baseUrl();
        if (!p.config().roles().api()) {
            StringBuilder w = new StringBuilder()
                    .append("\nDMP worker is running (started in ").append(millis).append(" ms): notifications,")
                    .append(" scheduler, alert feed, purges\n")
                    .append("  health       ").append(base).append("/health/ready\n")
                    .append("  metrics      ").append(base).append("/metrics\n");
            p.inboxUrl().ifPresent(url -> w.append("  dev inbox    ").append(url).append('\n'));
            return w.append("Stop with Ctrl-C.\n").toString();
        }
        StringBuilder b = new StringBuilder()
                .append("\nDMP is running (started in ").append(millis).append(" ms)\n")
                .append("  patient app  ").append(p.patientSpaceUrl()).append('\n')
                .append("  API          ").append(base).append("/api/v1\n")
                .append("  contract     ").append(base).append("/openapi.yaml\n")
                .append("  health       ").append(base).append("/health/ready\n")
                .append("  metrics      ").append(base).append("/metrics\n")
                .append("  OIDC issuer  ").append(p.issuerUrl()).append('\n')
                .append("  data         ").append(p.config().dataDir()).append('\n');
        if (!p.config().roles().worker()) {
            b.append("  role         api: the workers (./dmp run --role worker) send the messages\n");
        }
        p.inboxUrl().ifPresent(url -> b.append("  dev inbox    ").append(url)
                .append("  (SMS and e-mails sent, one-time codes included)\n"));
        if (p.services().devIssuer().isPresent()) {
            b.append("\nProfessional token (development issuer):\n")
                    .append("  TOKEN=$(./dmp token --rpps 10001234565 --profession 10)\n")
                    .append("Admin token:\n")
                    .append("  ADMIN=$(./dmp token --admin)\n")
                    .append("Care context (reads and deposits need one: the patient's card read at the practice):\n")
                    .append("  curl -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' ")
                    .append(base).append("/api/v1/patients/<INS>/care-contexts -d \"{\\\"proof\\\":{\\\"type\\\":")
                    .append("\\\"presence\\\",\\\"assertion\\\":\\\"$(./dmp token --presence <INS> --rpps 10001234565)")
                    .append("\\\"}}\"\n")
                    .append("then: curl -H \"Authorization: Bearer $TOKEN\" ").append(base)
                    .append("/api/v1/patients/<INS>/documents\n");
        }
        return b.append("Stop with Ctrl-C.\n").toString();
    }
}
