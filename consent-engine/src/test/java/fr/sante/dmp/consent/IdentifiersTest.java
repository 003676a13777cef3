package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest(name = "{0} has key {1}")
    @CsvSource({
        "1850575123456, 73",
        "2910399012034, 85",
        "1780299356001, 72",
        "269052A123017, 42",
        "180082B045002, 43",
        "2851175056123, 37",
        "1550999216001, 79"})
    void insKeyMatchesTheReferenceVectors(String number, int key) {
        assertThat(Ins.key(number)).isEqualTo(key);
        String full = number + String.format("%02d", key);
        assertThat(Ins.parse(full).value()).isEqualTo(full);
    }

    @Test
    void insParseAcceptsLowerCaseCorsicaAndSurroundingBlanks() {
        assertThat(Ins.parse(" 269052a12301742 ").value()).isEqualTo("269052A12301742");
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {
        "185057512345674",   // wrong key
        "185057512345600",   // wrong key
        "18505751234567",    // 14 characters
        "1850575123456733",  // 16 characters
        "",                  // empty
        "1850575A2345673",   // letter outside the department
        "269052C12301742",   // department 2C does not exist
        "185007512345673",   // month 00
        "185137512345673",   // month 13
        "585057512345673",   // sex digit 5
        "1850575123456７3"}) // full-width digit
    void invalidInsIsRejectedNamingTheField(String raw) {
        assertThatThrownBy(() -> Ins.parse(raw))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> assertThat(e.field()).isEqualTo("ins"))
                .hasMessageStartingWith("ins: ")
                .hasMessageNotContaining(raw.isEmpty() ? "\u0000" : raw);
    }

    @Test
    void monthZeroIsRejectedWithAMessageAboutTheMonth() {
        // 1 85 00 75 123 456 with its correct key, so only the month is wrong.
        String number = "1850075123456";
        String raw = number + String.format("%02d", Ins.key(number));
        assertThatThrownBy(() -> Ins.parse(raw)).hasMessageContaining("month");
    }

    @Test
    void nullInsIsRejectedNamingTheField() {
        assertThatThrownBy(() -> Ins.parse(null)).isInstanceOfSatisfying(InvalidIdentifierException.class,
                e -> assertThat(e.field()).isEqualTo("ins"));
    }

    @Test
    void insToStringHidesTheValue() {
        assertThat(Ins.parse("185057512345673").toString()).doesNotContain("1850575");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10001234565", "10000000017", "10123456781", "810001234565"})
    void rppsLuhnVectorsAreAccepted(String raw) {
        assertThat(Rpps.parse(raw).value()).hasSize(11).endsWith(raw.substring(raw.length() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10001234566", "10000000018", "1000123456", "100012345650", "1000123456a", "١0001234565"})
    void invalidRppsIsRejectedNamingTheField(String raw) {
        assertThatThrownBy(() -> Rpps.parse(raw)).isInstanceOfSatisfying(InvalidIdentifierException.class,
                e -> assertThat(e.field()).isEqualTo("rpps"));
    }

    @Test
    void luhnCheckDigitOfTheReferenceVectors() {
        assertThat(Rpps.luhnCheckDigit("1000123456")).isEqualTo(5);
        assertThat(Rpps.luhnCheckDigit("1000000001")).isEqualTo(7);
        assertThat(Rpps.luhnCheckDigit("1012345678")).isEqualTo(1);
    }

    @Test
    void professionAndClassCodesRoundTrip() {
        for (Profession p : Profession.values()) {
            assertThat(Profession.fromCode(p.code())).isEqualTo(p);
        }
        for (DocumentClass c : DocumentClass.values()) {
            assertThat(DocumentClass.fromLoinc(c.loinc())).isEqualTo(c);
        }
        assertThatThrownBy(() -> Profession.fromCode("99")).hasMessageStartingWith("profession");
        assertThatThrownBy(() -> DocumentClass.fromLoinc("0000-0")).hasMessageStartingWith("classCode");
    }
}
