package fr.sante.dmp.gateway;

import fr.sante.dmp.gateway.cli.AuditCommand;
import fr.sante.dmp.gateway.cli.CampaignCommand;
import fr.sante.dmp.gateway.cli.DirectoryCommand;
import fr.sante.dmp.gateway.cli.SchedulerCommand;
import fr.sante.dmp.gateway.cli.FeedCommand;
import fr.sante.dmp.gateway.cli.KeysCommand;
import fr.sante.dmp.gateway.cli.RunCommand;
import fr.sante.dmp.gateway.cli.SeedCommand;
import fr.sante.dmp.gateway.cli.TokenCommand;
import fr.sante.dmp.gateway.cli.UsageException;
import fr.sante.dmp.gateway.config.ConfigException;
import fr.sante.dmp.gateway.config.GatewayConfig;
import java.util.Arrays;
import java.util.List;

/** The {@code dmp} command: {@code run}, {@code token}, {@code audit verify|public-key}, {@code keys rotate|ids}, {@code seed}, {@code feed FILE}, {@code campaign import|status}, {@code scheduler run}, {@code directory import FILE}. */
public final class Main {
    private static final String USAGE = """
            usage: dmp <command>
              run [--role api|worker|all]           start the platform (embedded services unless DMP_*_URL are set);
                                                    api serves HTTP, worker sends and runs the background work
              token --rpps R --profession P [--category C] [--specialty S] [--scope S] [--subject X]
                                                    print a professional access token (development issuer)
              token --admin                         print an admin token (scope dmp:admin)
              token --presence INS --rpps R         print a patient's presence assertion (development card reader)
              audit verify                          verify the audit chain and its signed checkpoints; exit 1 on a break
              audit public-key                      print the checkpoint verification key (base64) and its id
              audit hsm-generate                    create the audit signing key in the HSM (DMP_AUDIT_SIGNING_KEY_PKCS11)
              keys rotate [--batch N] [--max-batches N] [--pause-ms N]
                                                    re-wrap every data key under the new master key (online, resumable)
              keys ids                              print the public ids of the configured master keys
              seed [--persons N] [--from I] [--documents-per-person MEAN] [--batch B] [--threads T]
                                                    fill the database with synthetic persons (loadtest/README.md)
              feed FILE [--feeder RPPS]             feed an insurer's NDJSON file into the care history; prints the report
              campaign import FILE.csv [--operator NAME]
                                                    import an invitation cohort; prints the counts, the campaign id last
              campaign status ID                    print a campaign's progress (persons and messages)
              campaign reinvite ID --failed         send again the invitations that reached nobody, with a new code
              directory import FILE [--operator NAME]
                                                    load the national directory's RPPS extract ("personne activité");
                                                    prints the counts and the bad lines
              scheduler run [--at ISO-INSTANT]      one pass of the invitations' scheduler now, or as of that instant
                                                    (a future instant: embedded database only)
              research extract PROJECT --out DIR [--operator NAME]
                                                    a research project's pseudonymised extract (docs/research-use.md)
              research end PROJECT                  end a research project: its key is destroyed
            configuration: DMP_* environment variables or DMP_CONFIG=<file> (see README.md)""";

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(execute(Arrays.asList(argv)));
    }

    static int execute(List<String> argv) {
        if (argv.isEmpty() || argv.contains("--help") || argv.contains("-h")) {
            System.err.println(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        List<String> rest = argv.subList(1, argv.size());
        try {
            // The only place that reads the environment: everything else receives the configuration record.
            GatewayConfig config = GatewayConfig.load(System.getenv());
            return switch (argv.get(0)) {
                case "run" -> RunCommand.run(config, rest);
                case "token" -> TokenCommand.run(config, rest);
                case "audit" -> AuditCommand.run(config, rest);
                case "keys" -> KeysCommand.run(config, rest);
                case "seed" -> SeedCommand.run(config, rest);
                case "feed" -> FeedCommand.run(config, rest);
                case "campaign" -> CampaignCommand.run(config, rest);
                case "scheduler" -> SchedulerCommand.run(config, rest);
                case "research" -> fr.sante.dmp.gateway.cli.ResearchCommand.run(config, rest);
                case "directory" -> DirectoryCommand.run(config, rest);
                default -> {
                    System.err.println("unknown command: " + argv.get(0) + "\n" + USAGE);
                    yield 2;
                }
            };
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("dmp " + argv.get(0) + " failed: " + e.getMessage());
            return 1;
        }
    }
}
