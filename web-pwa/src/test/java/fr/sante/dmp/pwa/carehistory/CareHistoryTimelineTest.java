package fr.sante.dmp.pwa.carehistory;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.store.carehistory.CareHistoryLine;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CareHistoryTimelineTest {

    private static CareHistoryLine line(String id, String date, String code, String label) {
        return new CareHistoryLine(id, LocalDate.parse(date), CareHistoryLine.Kind.ACT, code, label, Optional.empty(),
                Optional.empty(), OptionalLong.of(2650), false, false, CareHistoryLine.PatientChoice.NONE);
    }

    private static final List<CareHistoryLine> LINES = List.of(
            line("a", "2026-03-20", "DEQP003", "Électrocardiogramme"),
            line("b", "2026-03-02", "GS", "Consultation de médecine générale"),
            line("c", "2026-01-15", "GS", "Consultation de médecine générale"));

    @Test
    void linesAreGroupedByMonthNewestFirstKeepingTheirOrder() {
        CareHistoryPages.Timeline t = CareHistoryPages.timeline(LINES, "");

        assertThat(t.months()).extracting(CareHistoryPages.Month::month)
                .containsExactly(YearMonth.of(2026, 3), YearMonth.of(2026, 1));
        assertThat(t.months().get(0).lines()).extracting(CareHistoryLine::lineId).containsExactly("a", "b");
        assertThat(t.total()).isEqualTo(3);
    }

    @Test
    void theFilterIgnoresCaseAndAccentsAndSearchesLabelAndCode() {
        assertThat(ids(CareHistoryPages.timeline(LINES, "electro"))).containsExactly("a");
        assertThat(ids(CareHistoryPages.timeline(LINES, "gs"))).containsExactly("b", "c");
        assertThat(ids(CareHistoryPages.timeline(LINES, "MÉDECINE"))).containsExactly("b", "c");
        CareHistoryPages.Timeline none = CareHistoryPages.timeline(LINES, "kiné");
        assertThat(none.months()).isEmpty();
        assertThat(none.total()).isEqualTo(3);
    }

    private static List<String> ids(CareHistoryPages.Timeline t) {
        return t.months().stream().flatMap(m -> m.lines().stream()).map(CareHistoryLine::lineId).toList();
    }
}
