package fr.sante.dmp.gateway.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Embedded Redis on loopback. It holds only rebuildable state (rate-limit buckets, caches), so persistence is off;
 * its working directory is {@code dataDir/redis}. Blocking: call it before Vert.x serves.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDir) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("redis"));
        int port = new PortFile(dataDir.resolve("redis.port")).choose();
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 256mb")
                .build();
        server.start();
        LOG.atInfo().addKeyValue("port", port).log("embedded Redis started");
        return new EmbeddedRedisServer(server, port);
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
