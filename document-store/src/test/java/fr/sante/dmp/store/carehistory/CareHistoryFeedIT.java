package fr.sante.dmp.store.carehistory;

import static fr.sante.dmp.store.carehistory.CareHistoryFixture.line;
import static fr.sante.dmp.store.testing.Await.await;
import static fr.sante.dmp.store.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.consent.RuleId;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.carehistory.FeedReport.Reason;
import fr.sante.dmp.store.record.StoreFixture;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The insurer's feed on a real PostgreSQL: storing, replaying, rejecting, refusing, streaming. */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareHistoryFeedIT {
    private static CareHistoryFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        // Small chunks so that a few dozen lines already cross several chunks; hash sub-partitions exercised.
        f = CareHistoryFixture.start(db, new CareHistoryOptions(2, 7, 512));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void feedStoresValidLinesSealedAndReportsEveryRejectedLineWithoutStoppingTheBatch() throws Exception {
        Ins ins = f.patient(RecordState.ACTIVE);
        LocalDate today = f.today();
        String badKey = ins.value().substring(0, 13) + (ins.value().endsWith("00") ? "01" : "00");
        List<String> lines = List.of(
                line(ins, today.minusDays(3), "CONSULTATION PSYCHIATRIE"),
                "{not json",
                line(ins, today.minusMonths(2), "GS", "Consultation", new JsonObject().put("ins", badKey)),
                line(StoreFixture.newIns(), today.minusDays(1), "Unknown person"),
                line(ins, today, "GS", "x", new JsonObject().put("dateOfCare", "2026-13-01")),
                line(ins, today, "GS", "x", new JsonObject().put("dateOfCare", today.plusDays(5).toString())),
                line(ins, today.minusMonths(25), "Too old"),
                line(ins, today, "GS", "x", new JsonObject().put("prescriberRpps", "10001234566")),
                line(ins, today, "GS", "x", new JsonObject().putNull("lineId")),
                line(ins, today, "GS", "x".repeat(600), null),
                "",
                line(ins, today.minusMonths(23), "3400930000000", "Paracetamol 1 g", new JsonObject()
                        .put("kind", "DRUG").put("prescriberRpps", "10000000017").put("amount", 2.18)),
                line(ins, today.minusMonths(1), "GS", "Consultation", new JsonObject().put("sensitive", true)));

        FeedReport report = f.feed(lines);

        assertThat(report.received()).isEqualTo(12);
        assertThat(report.stored()).isEqualTo(3);
        assertThat(report.duplicates()).isZero();
        assertThat(report.rejected()).isEqualTo(9);
        assertThat(report.refused()).isZero();
        assertThat(report.byReason()).containsEntry(Reason.MALFORMED_JSON, 1L).containsEntry(Reason.INVALID_INS, 1L)
                .containsEntry(Reason.UNKNOWN_PATIENT, 1L).containsEntry(Reason.INVALID_DATE, 2L)
                .containsEntry(Reason.OUTSIDE_WINDOW, 1L).containsEntry(Reason.INVALID_FIELD, 2L)
                .containsEntry(Reason.LINE_TOO_LONG, 1L);
        assertThat(report.rejections()).extracting(FeedReport.Rejection::lineNumber)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(report.rejections()).allSatisfy(r -> assertThat(r.detail()).doesNotContain(ins.value()));
        assertThat(report.rejections().get(6).detail()).startsWith("prescriberRpps:");
        assertThat(f.lines(ins)).isEqualTo(3);
        // Code, label, professionals and amount are sealed: the label is nowhere in the clear.
        try (Connection c = f.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload FROM care_history_line")) {
            while (rs.next()) {
                assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain("PSYCHIATRIE");
            }
        }
    }

    @Test
    void replayingTheSameBatchStoresNoDuplicate() throws Exception {
        Ins ins = f.patient(RecordState.ACTIVE);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(line(ins, f.today().minusDays(i * 10L), "Acte " + i));
        }
        FeedReport first = f.feed(batch);
        FeedReport replay = f.feed(batch);

        assertThat(first.stored()).isEqualTo(20);
        assertThat(replay.stored()).isZero();
        assertThat(replay.duplicates()).isEqualTo(20);
        assertThat(f.lines(ins)).isEqualTo(20);
    }

    @Test
    void anOppositionDropsTheLinesAnInvitedRecordReceived() throws Exception {
        Ins invited = f.patient(RecordState.INVITED);
        f.feed(List.of(line(invited, f.today().minusDays(3), "Acte avant opposition")));
        assertThat(f.lines(invited)).isEqualTo(1);

        await(f.store.patients().lifecycle().oppose(invited));

        assertThat(f.lines(invited)).as("dropped on opposition, not only unreadable").isZero();
    }

    @Test
    void onlyActiveAndInvitedRecordsReceiveLinesOthersAreRefusedAndCounted() throws Exception {
        Ins active = f.patient(RecordState.ACTIVE);
        Ins invited = f.patient(RecordState.INVITED);
        Ins opposed = f.patient(RecordState.OPPOSED);
        Ins closed = f.patient(RecordState.CLOSED);
        Ins purged = f.patient(RecordState.PURGED);
        LocalDate d = f.today().minusDays(2);

        FeedReport report = f.feed(List.of(line(active, d, "a"), line(invited, d, "b"), line(opposed, d, "c"),
                line(closed, d, "d"), line(purged, d, "e")));

        assertThat(report.stored()).isEqualTo(2);
        assertThat(report.refused()).isEqualTo(3);
        assertThat(report.byReason()).containsEntry(Reason.RECORD_NOT_RECEIVING, 3L);
        assertThat(f.lines(active)).isEqualTo(1);
        assertThat(f.lines(invited)).isEqualTo(1);
        assertThat(f.lines(opposed) + f.lines(closed) + f.lines(purged)).isZero();
    }

    @Test
    void onlyTheInsurerFeedMayFeedAndTheRefusalIsAudited() throws Exception {
        Ins ins = f.patient(RecordState.ACTIVE);
        long before = f.count("SELECT count(*) FROM audit_log WHERE action = 'FEED_CARE_HISTORY' AND NOT allowed");

        Throwable t = failure(f.care.feed(StoreFixture.physician(),
                List.of(line(ins, f.today(), "x")).iterator()));

        assertThat(t).isInstanceOfSatisfying(RecordException.AccessDenied.class,
                e -> assertThat(e.decision().ruleId()).isEqualTo(RuleId.CARE_HISTORY_FEEDER_ONLY.id()));
        assertThat(f.lines(ins)).isZero();
        assertThat(f.count("SELECT count(*) FROM audit_log WHERE action = 'FEED_CARE_HISTORY' AND NOT allowed"))
                .isEqualTo(before + 1);
    }

    @Test
    void aStreamedFileIsFedChunkByChunkAcrossBufferBoundaries(@TempDir Path dir) throws Exception {
        Ins ins = f.patient(RecordState.ACTIVE);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append(line(ins, f.today().minusDays(i), "Acte numéro " + i)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        text.append("{\"broken\":").append('\n');
        text.append(line(ins, f.today(), "GS", "y".repeat(2000), null)).append('\n');
        text.append(line(ins, f.today(), "last line without a newline"));
        Path file = dir.resolve("feed.ndjson");
        Files.writeString(file, text);
        // Tiny reads: lines straddle buffers, and the long line spans several.
        AsyncFile in = await(f.vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)))
                .setReadBufferSize(97);

        FeedReport report = await(f.care.feed(CareHistoryFixture.feeder(), in));

        assertThat(report.received()).isEqualTo(103);
        assertThat(report.stored()).isEqualTo(101);
        assertThat(report.byReason()).containsEntry(Reason.MALFORMED_JSON, 1L).containsEntry(Reason.LINE_TOO_LONG, 1L);
        assertThat(report.rejections()).extracting(FeedReport.Rejection::lineNumber).containsExactly(101L, 102L);
        assertThat(f.lines(ins)).isEqualTo(101);
        List<CareHistoryLine> seen = await(f.care.forPatient(ins));
        assertThat(seen).extracting(CareHistoryLine::label).contains("Acte numéro 0", "Acte numéro 99",
                "last line without a newline");
    }
}
