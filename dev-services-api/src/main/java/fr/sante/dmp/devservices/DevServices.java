package fr.sante.dmp.devservices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The development stand-ins of the platform's dependencies (embedded PostgreSQL and Redis, the development OIDC
 * issuer, an SMSC, an SMTP server and the dev inbox), found through {@link ServiceLoader}. Their implementation, the
 * {@code dev-services} module, is on the class path of {@code ./dmp}'s jar and of the tests, never in the production
 * jar or image: there {@link #find()} is empty and a dependency without a URL is a configuration error.
 * Every method blocks (processes start, files are written) except {@link #startMessaging}: never on an event loop.
 */
public interface DevServices {
    /** Where {@code dmp token} finds the running development issuer's URL. */
    String ISSUER_FILE = "oidc.issuer";
    /** The development issuer's id (the path of its URL) and that of its card-reading issuer of presence assertions. */
    String ISSUER_ID = "dmp";
    String PRESENCE_ISSUER_ID = "presence";
    /** Where another process of the platform finds the SMSC and SMTP server behind the dev inbox. */
    String INBOX_SERVERS_PATH = "/api/servers";
    String SMPP_SYSTEM_ID = "dmp";
    String SMPP_PASSWORD = "dmp-dev";
    String MAIL_FROM = "Mon espace santé <ne-pas-repondre@monespacesante.fr>";

    /** The implementation on the class path, if any. */
    static Optional<DevServices> find() {
        return ServiceLoader.load(DevServices.class).findFirst();
    }

    /** PostgreSQL with its data under {@code dataDir/pg}; {@code synchronousCommit}: acknowledged once durable. */
    Service startPostgres(Path dataDir, boolean synchronousCommit) throws IOException;

    /** Redis on loopback, asking for the password of {@link ServicePasswords#REDIS_FILE}. */
    Service startRedis(Path dataDir) throws IOException;

    /** The OIDC issuer {@link #ISSUER_ID} for tokens of this audience, and its presence issuer. */
    Issuer startIssuer(Path dataDir, String audience);

    /** An SMSC and an SMTP server on loopback, and the dev inbox on 127.0.0.1:{@code inboxPort} (0: any port). */
    Future<Messaging> startMessaging(Vertx vertx, int inboxPort);

    /** {@code postgresql://} URI of the embedded database on this port with this password. */
    static String postgresUri(int port, String password) {
        return "postgresql://postgres:" + password + "@127.0.0.1:" + port + "/postgres";
    }

    /** The issuer URL of the running development issuer of this data directory, if {@code dmp run} wrote one. */
    static Optional<String> runningIssuerUrl(Path dataDir) {
        try {
            Path file = dataDir.resolve(ISSUER_FILE);
            return Files.exists(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The presence issuer of a running development issuer: its URL with the last path segment replaced. */
    static String presenceIssuerOf(String issuerUrl) {
        return issuerUrl.substring(0, issuerUrl.lastIndexOf('/') + 1) + PRESENCE_ISSUER_ID;
    }

    /** A started server: where to reach it. */
    interface Service extends AutoCloseable {
        String uri();

        @Override
        void close() throws IOException;
    }

    /** The development issuer. */
    interface Issuer extends AutoCloseable {
        /** {@code http://localhost:<port>/dmp}: the value of the tokens' {@code iss} claim. */
        String issuerUrl();

        /** {@code http://localhost:<port>/presence}: the development card-reading issuer. */
        String presenceIssuerUrl();

        @Override
        void close();
    }

    /** The embedded messaging servers and their inbox. */
    interface Messaging {
        int smppPort();

        int smtpPort();

        int inboxPort();

        Future<Void> close();
    }
}
