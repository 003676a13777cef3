package fr.sante.dmp.store.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.notify.outbox.Language;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CohortParserTest {
    private static final CohortParser PARSER = new CohortParser(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"),
            ZoneOffset.UTC));
    private static final String INS = "185057512345673";

    @Test
    void aValidLineIsNormalisedToE164AndKeepsTheLanguage() {
        CohortParser.Result r = legacy(PARSER, 2, INS + ",1985-05-12,Jean,\"Martin, dit Jeannot\",+33 6 12 34 56 78,"
                + "jean.martin@example.org,en");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.row().ins()).isEqualTo(Ins.parse(INS));
        assertThat(r.row().familyName()).isEqualTo("Martin, dit Jeannot");
        assertThat(r.row().phone()).contains("+33612345678");
        assertThat(r.row().language()).isEqualTo(Language.en);
        assertThat(r.row().sex()).isEqualTo("M");
    }

    @Test
    void theNumbersReservedForFictionAreAcceptedOnlyWhenTheEmbeddedModeSaysSo() {
        String line = INS + ",1985-05-12,Jean,Martin,+33639980001,,fr";
        assertThat(legacy(PARSER, 2, line).rejections()).extracting(Rejection::field).containsExactly("phone");
        CohortParser embedded = new CohortParser(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"),
                java.time.ZoneOffset.UTC), true);
        assertThat(legacy(embedded, 2, line).row().phone()).contains("+33639980001");
        // Only the fiction block: another invalid number stays refused.
        assertThat(legacy(embedded, 2, INS + ",1985-05-12,Jean,Martin,+33639990001,,fr").rejections())
                .extracting(Rejection::field).containsExactly("phone");
    }

    @Test
    void everyBadFieldOfALineIsReportedWithoutItsValue() {
        CohortParser.Result r = legacy(PARSER, 7, "185057512345600,2099-01-01,,Martin,06123,jean@,es");
        assertThat(r.row()).isNull();
        assertThat(r.rejections()).extracting(Rejection::field)
                .containsExactly("ins", "birthDate", "givenName", "phone", "email", "language");
        assertThat(r.rejections()).allSatisfy(x -> {
            assertThat(x.line()).isEqualTo(7);
            assertThat(x.reason()).doesNotContain("06123").doesNotContain("jean@").doesNotContain("185057512345600");
        });
    }

    @Test
    void aLineWithoutPhoneOrEmailIsRefused() {
        CohortParser.Result r = legacy(PARSER, 3, INS + ",1985-05-12,Jean,Martin,,,fr");
        assertThat(r.rejections()).extracting(Rejection::field, Rejection::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("phone",
                        "a phone, an email or a postal address is required"));
    }

    /** A file with the header before postal letters (7 fields): still accepted. */
    private static CohortParser.Result legacy(CohortParser parser, long line, String text) {
        return parser.parse(line, text, CohortParser.header(CohortParser.BASE));
    }

    @Test
    void aLineWithOnlyAPostalAddressGoesByLetterToTheNamedAddressee() {
        CohortParser.Result r = PARSER.parse(4, INS + ",1985-05-12,Jean,Martin,,,fr,\"3 bis rue Haute | 97400 "
                + "SAINT-DENIS\"", CohortParser.header(CohortParser.BASE + ",postalAddress"));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.row().byLetter()).isTrue();
        assertThat(r.row().postalAddress().orElseThrow().lines())
                .containsExactly("JEAN MARTIN", "3 bis rue Haute", "97400 SAINT-DENIS");
        // With a phone too, the letter is only the fallback.
        assertThat(PARSER.parse(4, INS + ",1985-05-12,Jean,Martin,+33612345678,,fr,1 rue Haute|75011 PARIS",
                CohortParser.header(CohortParser.BASE + ",postalAddress")).row().byLetter()).isFalse();
    }

    @Test
    void aPostalAddressAWindowEnvelopeCannotShowIsRefusedWithoutItsValue() {
        CohortParser.Result r = PARSER.parse(5, INS + ",1985-05-12,Jean,Martin,,,fr,12 rue des Lilas Paris",
                CohortParser.header(CohortParser.BASE + ",postalAddress"));
        assertThat(r.rejections()).extracting(Rejection::field).containsExactly("postalAddress");
        assertThat(r.rejections().get(0).reason()).contains("postcode").doesNotContain("Lilas");
    }

    @Test
    void quotesMustBalance() {
        assertThat(CohortParser.split("a,\"b,c")).isNull();
        assertThat(CohortParser.split("a,\"b \"\"x\"\", c\",d")).containsExactly("a", "b \"x\", c", "d");
    }

    @Test
    void theHeaderToleratesABomAndSpaces() {
        assertThat(CohortParser.isHeader("\uFEFFins, birthDate,givenName,familyName,phone,email,language")).isTrue();
        assertThat(CohortParser.isHeader("ins,birthDate")).isFalse();
        assertThat(CohortParser.header("ins,birthDate,givenName,familyName,phone,email,language,postalAddress").count())
                .isEqualTo(8);
        assertThat(CohortParser.header("ins,birthDate,givenName,familyName,phone,email,language").count()).isEqualTo(7);
        assertThat(CohortParser.header("ins,birthDate,givenName,familyName,phone,email,language,representatives,"
                + "postalAddress")).isEqualTo(new CohortParser.Columns(9, 8, 7));
        assertThat(CohortParser.header("ins,birthDate,givenName,familyName,phone,email,language,postalAddress,"
                + "postalAddress")).as("a column twice").isNull();
    }
}
