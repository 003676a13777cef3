package fr.sante.dmp.dev;

import fr.sante.dmp.devservices.DevServices;
import fr.sante.dmp.devservices.PortFile;
import fr.sante.dmp.devservices.ServicePasswords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Embedded Redis on loopback. It holds only rebuildable state (rate-limit buckets, caches), so persistence is off;
 * its working directory is {@code dataDir/redis}. It asks for the password generated in
 * {@code dataDir/keys/redis.password} (0600): any local user could otherwise read the patient space's sessions and
 * codes. Blocking: call it before Vert.x serves.
 */
public final class EmbeddedRedisServer implements DevServices.Service {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    public static final String PASSWORD_FILE = ServicePasswords.REDIS_FILE;
    private final RedisServer server;
    private final int port;
    private final String password;

    private EmbeddedRedisServer(RedisServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    public static EmbeddedRedisServer start(Path dataDir) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("redis"));
        int port = new PortFile(dataDir.resolve("redis.port")).choose();
        String password = ServicePasswords.servicePassword(dataDir, PASSWORD_FILE);
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 256mb")
                .setting("requirepass " + password) // hex only: nothing to quote
                .build();
        server.start();
        LOG.atInfo().addKeyValue("port", port).log("embedded Redis started");
        return new EmbeddedRedisServer(server, port, password);
    }

    @Override
    public String uri() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
