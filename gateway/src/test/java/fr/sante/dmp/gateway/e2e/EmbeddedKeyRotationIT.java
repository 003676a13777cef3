package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.gateway.Platform;
import fr.sante.dmp.gateway.cli.KeysCommand;
import fr.sante.dmp.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: {@code ./dmp keys rotate} as the README states it, in embedded mode (the master key in
 * {@code data/keys/master.key}, no DMP_MASTER_KEY): the key file is updated, the old key is kept in
 * {@code master.previous} until the rotation finishes, and the platform started afterwards reads every record.
 */
class EmbeddedKeyRotationIT {

    @Test
    void keysRotateUpdatesTheEmbeddedKeyFileKeepsThePreviousKeyUntilItFinishesAndTheRecordsStillRead(
            @TempDir Path dataDir) throws Exception {
        GatewayConfig config = GatewayConfig.load(Map.of(
                GatewayConfig.DATA_DIR, dataDir.toString(),
                GatewayConfig.HTTP_PORT, "0",
                GatewayConfig.HTTP_HOST, "127.0.0.1",
                GatewayConfig.PG_SYNCHRONOUS_COMMIT, "false",
                GatewayConfig.INBOX_PORT, "0",
                GatewayConfig.PUBLIC_URL, "https://espace-sante.test"));
        String ins;
        String rpps = Identities.rpps();
        try (Running first = Running.start(config)) {
            ins = first.dmp.activePatient();
            String physician = first.dmp.inCare(first.dmp.physician(rpps), ins);
            first.dmp.deposited(physician, ins, Dmp.CONSULTATION_NOTE, "note before rotation");
            first.dmp.register(Identities.ins(), "ACTIVE");
        }
        Path keys = dataDir.resolve("keys");
        String before = Files.readString(keys.resolve("master.key"));

        // Interrupted after one batch of one record: the new key is in the file, the old one kept as previous.
        assertThat(KeysCommand.run(config, List.of("rotate", "--batch", "1", "--max-batches", "1"))).isZero();
        assertThat(Files.readString(keys.resolve("master.key"))).isNotEqualTo(before);
        assertThat(Files.readString(keys.resolve("master.previous"))).isEqualTo(before);
        String during = Files.readString(keys.resolve("master.key"));

        // Resumed to the end: same new key (no second switch), the previous key goes.
        assertThat(KeysCommand.run(config, List.of("rotate"))).isZero();
        assertThat(Files.readString(keys.resolve("master.key"))).isEqualTo(during);
        assertThat(keys.resolve("master.previous")).doesNotExist();

        // The platform started afterwards holds only the new key, and reads what was written under the old one.
        try (Running second = Running.start(config)) {
            // A new token (the development issuer's keys live as long as its platform); the care context is stored.
            HttpResponse<Buffer> list = second.dmp.list(second.dmp.physician(rpps), ins);
            assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
            assertThat(list.bodyAsString()).contains("note before rotation");
        }
    }

    /** One platform on the data directory, with a client; closed together. */
    private record Running(Platform platform, Vertx vertx, Dmp dmp) implements AutoCloseable {
        static Running start(GatewayConfig config) {
            Platform platform = Platform.start(config);
            Vertx vertx = Vertx.vertx();
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(platform.httpPort()));
            return new Running(platform, vertx, new Dmp(platform, vertx, client));
        }

        @Override
        public void close() throws Exception {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } finally {
                platform.close();
            }
        }
    }
}
