package fr.sante.dmp.store.carehistory;

import static fr.sante.dmp.store.carehistory.CareHistoryFixture.line;
import static fr.sante.dmp.store.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.store.testing.EmbeddedPostgresExtension;
import fr.sante.dmp.store.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The 24-month rolling window with a clock the test moves: invisible first, then purged, in batches. */
@ExtendWith(EmbeddedPostgresExtension.class)
class CareHistoryPurgeIT {
    private static CareHistoryFixture f;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        f = CareHistoryFixture.start(db, new CareHistoryOptions(2, 50, 4096));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void linesLeaveEveryViewAtTheWindowEdgeAndThePurgeDropsOldMonthsAndDeletesTheRestInBatches() throws Exception {
        f.clock.set(CareHistoryFixture.START);
        Ins ins = f.patient(RecordState.ACTIVE);
        LocalDate today = f.today(); // 2026-03-15: the window starts on 2024-03-15
        List<String> lines = new ArrayList<>();
        // 5 lines in March 2024 after the edge, 3 in April 2024, 2 recent.
        for (int d = 15; d < 20; d++) {
            lines.add(line(ins, LocalDate.of(2024, 3, d), "mars " + d));
        }
        for (int d = 1; d <= 3; d++) {
            lines.add(line(ins, LocalDate.of(2024, 4, d), "avril " + d));
        }
        lines.add(line(ins, today.minusMonths(1), "récent 1"));
        lines.add(line(ins, today, "récent 2"));
        assertThat(f.feed(lines).stored()).isEqualTo(10);
        assertThat(await(f.care.forPatient(ins))).hasSize(10);

        // 2 days later the 15th and 16th of March 2024 are outside the window: invisible at once, even before a purge.
        f.clock.advance(Duration.ofDays(2));
        assertThat(await(f.care.forPatient(ins))).hasSize(8);
        assertThat(f.lines(ins)).isEqualTo(10);

        PurgeReport straddling = await(f.care.purgeOlderThan24Months(1));
        assertThat(straddling.cutoff()).isEqualTo(LocalDate.of(2024, 3, 17));
        assertThat(straddling.partitionsDropped()).isZero();
        assertThat(straddling.linesDeleted()).isEqualTo(2);
        assertThat(f.lines(ins)).isEqualTo(8);

        // Three weeks later all of March 2024 is out: its partition is dropped whole, April straddles.
        f.clock.advance(Duration.ofDays(18)); // 2026-04-04
        PurgeReport monthDropped = await(f.care.purgeOlderThan24Months(2));
        assertThat(monthDropped.partitionsDropped()).isEqualTo(1);
        assertThat(monthDropped.linesDeleted()).isEqualTo(3);
        assertThat(f.lines(ins)).isEqualTo(2);
        assertThat(f.count("SELECT count(*) FROM pg_class WHERE relname LIKE 'care_history_line_2024m03%'"))
                .isZero();
        assertThat(await(f.care.forPatient(ins))).extracting(CareHistoryLine::label)
                .containsExactly("récent 2", "récent 1");

        // The purge also prepared next month's partition: a feed dated then finds it.
        assertThat(f.count("SELECT count(*) FROM pg_class WHERE relname = 'care_history_line_2026m05'"))
                .isEqualTo(1);

        // Running it again changes nothing.
        PurgeReport again = await(f.care.purgeOlderThan24Months(2));
        assertThat(again.partitionsDropped() + again.linesDeleted()).isZero();
    }
}
