package fr.sante.dmp.notify.letter;

import static fr.sante.dmp.notify.support.Await.result;
import static fr.sante.dmp.notify.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.notify.Notifications;
import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.notify.outbox.OutboxStatus;
import fr.sante.dmp.notify.support.Messages;
import fr.sante.dmp.notify.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Letters through the real outbox and dispatcher on PostgreSQL: claimed, printed in batches, SENT. */
@ExtendWith(VertxExtension.class)
class LetterDeliveryIT {
    private static Vertx vertx;
    private static Pool pool;

    @TempDir
    Path exportDir;

    @BeforeAll
    static void start(Vertx vertx) {
        TestDatabase.postgres();
        LetterDeliveryIT.vertx = vertx;
        pool = TestDatabase.pool(vertx, 4);
    }

    @AfterAll
    static void stop() {
        result(pool.close());
    }

    private static String address(int i) {
        return "CAMILLE MARTIN " + i + "\n12 RUE DES LILAS\n75011 PARIS";
    }

    @Test
    void lettersAreClaimedByFilesOfAtMostTheBatchSizeEachListedInItsManifestAndMarkedSent() throws Exception {
        TestDatabase.truncate();
        NotifyOptions options = new NotifyOptions(null, null,
                new NotifyOptions.Letters(exportDir, 4, Duration.ofMillis(200), 2), Messages.fastDispatch(),
                Messages.KEY);
        Notifications notifications = result(Notifications.start(vertx, pool, options));
        Outbox outbox = notifications.outbox();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "letter-" + i;
            ids.add(result(pool.withTransaction(tx -> outbox.enqueue(tx,
                    Messages.invitation(Channel.LETTER, address(ids.size()), key)))));
        }

        until(Duration.ofSeconds(30), "every letter SENT",
                () -> ids.stream().allMatch(id -> result(outbox.status(pool, id)) == OutboxStatus.SENT));
        result(notifications.close());

        List<String> referenced = new ArrayList<>();
        int pages = 0;
        List<Path> manifests;
        try (Stream<Path> files = Files.list(exportDir)) {
            manifests = files.filter(p -> p.toString().endsWith(LetterBatchWriter.MANIFEST_SUFFIX)).toList();
        }
        for (Path m : manifests) {
            JsonObject manifest = new JsonObject(Files.readString(m));
            assertThat(manifest.getInteger("letters")).isBetween(1, 4);
            Path pdf = exportDir.resolve(manifest.getJsonObject("file").getString("name"));
            try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                assertThat(doc.getNumberOfPages()).isEqualTo(manifest.getInteger("letters"));
                pages += doc.getNumberOfPages();
            }
            manifest.getJsonArray("references").forEach(r -> referenced.add((String) r));
        }
        assertThat(manifests.size()).isGreaterThanOrEqualTo(3);
        assertThat(pages).isEqualTo(10);
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
    }

    @Test
    void aLetterWithoutAPostcodeIsRefusedAtEnqueueSoTheCallersTransactionRollsBack() {
        Outbox outbox = Notifications.outboxOnly(Messages.KEY);
        assertThatThrownBy(() -> result(pool.withTransaction(tx -> outbox.enqueue(tx,
                Messages.invitation(Channel.LETTER, "CAMILLE MARTIN\n12 RUE DES LILAS", "letter-bad")))))
                .hasMessageContaining("recipient");
    }
}
