package fr.sante.dmp.pwa;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.pwa.web.Deadline;
import fr.sante.dmp.pwa.web.FormErrors;
import fr.sante.dmp.pwa.web.Inputs;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InputsTest {

    @Test
    void anInsTypedWithSpacesAsOnTheCardIsAccepted() {
        FormErrors errors = FormErrors.none();
        assertThat(Inputs.ins("1 85 05 75 123 456 73", errors)).map(i -> i.value()).contains("185057512345673");
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void anInsWithAWrongKeyNamesTheInsField() {
        FormErrors errors = FormErrors.none();
        assertThat(Inputs.ins("185057512345674", errors)).isEmpty();
        assertThat(errors.firstField()).isEqualTo("ins");
        assertThat(errors.firstKey()).isEqualTo("error.ins.invalid");
    }

    @Test
    void birthDatesComeIsoFromDatePickersOrAsDayMonthYear() {
        FormErrors errors = FormErrors.none();
        assertThat(Inputs.birthDate("1985-05-14", errors)).contains(LocalDate.of(1985, 5, 14));
        assertThat(Inputs.birthDate("14/05/1985", errors)).contains(LocalDate.of(1985, 5, 14));
        assertThat(errors.isEmpty()).isTrue();
        assertThat(Inputs.birthDate("31/02/1985", errors)).isEmpty();
        assertThat(errors.firstKey()).isEqualTo("error.birthDate.invalid");
    }

    @Test
    void aCodeIsSixDigitsSpacesIgnored() {
        FormErrors errors = FormErrors.none();
        assertThat(Inputs.code("123 456", "code", errors)).contains("123456");
        assertThat(Inputs.code("12345", "code", errors)).isEmpty();
        assertThat(errors.firstKey()).isEqualTo("error.code.format");
    }

    @Test
    void daysLeftAreCountedInFrenchCalendarDays() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T23:30:00Z"), ZoneOffset.UTC); // 2 March 00:30 in Paris (UTC+1)
        Deadline d = Deadline.of(Instant.parse("2026-03-12T10:00:00Z"), clock);
        assertThat(d.daysLeft()).isEqualTo(10);
        assertThat(d.passed()).isFalse();
        assertThat(Deadline.of(Instant.parse("2026-03-01T23:00:00Z"), clock).passed()).isTrue();
    }
}
