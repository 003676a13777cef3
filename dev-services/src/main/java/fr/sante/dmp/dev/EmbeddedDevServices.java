package fr.sante.dmp.dev;

import fr.sante.dmp.devservices.DevServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;

/** The development services, as {@code ./dmp run} and the tests start them (META-INF/services names this class). */
public final class EmbeddedDevServices implements DevServices {
    @Override
    public Service startPostgres(Path dataDir, boolean synchronousCommit) throws IOException {
        return EmbeddedPostgresServer.start(dataDir, synchronousCommit);
    }

    @Override
    public Service startRedis(Path dataDir) throws IOException {
        return EmbeddedRedisServer.start(dataDir);
    }

    @Override
    public Issuer startIssuer(Path dataDir, String audience) {
        return DevIssuer.start(dataDir, audience);
    }

    @Override
    public Future<Messaging> startMessaging(Vertx vertx, int inboxPort) {
        return EmbeddedMessaging.start(vertx, inboxPort).map(m -> m);
    }
}
