package fr.sante.dmp.store.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.InvalidIdentifierException;
import fr.sante.dmp.notify.letter.PostalAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every reason a cohort line can be refused for reads in French on the French page, and as recorded in English. */
class RefusalReasonsTest {
    private static final CohortParser PARSER = new CohortParser(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"),
            ZoneOffset.UTC));
    private static final String INS = "185057512345673";
    private static final RefusalReasons REASONS = new RefusalReasons();

    @Test
    void everyWordingTheRulesProduceHasItsFrenchText() throws Exception {
        Set<String> produced = new LinkedHashSet<>();
        String[] lines = {
            "\"unbalanced,1985-05-12,Jean,Martin,,,fr,,",
            INS + ",1985-05-12,Jean",
            "18505751234567,1985-05-12,Jean,Martin,+33612345678,,fr,,",
            "18505751234X673,1985-05-12,Jean,Martin,+33612345678,,fr,,",
            "585057512345673,1985-05-12,Jean,Martin,+33612345678,,fr,,",
            "185137512345673,1985-05-12,Jean,Martin,+33612345678,,fr,,",
            "185057512345600,1985-05-12,Jean,Martin,+33612345678,,fr,,",
            INS + ",1985-05-12,Jean,Martin,,,fr,,",
            INS + ",12/05/1985,,Martin,0612345678,jean@,de,,",
            INS + ",2099-05-12,Jean," + "M".repeat(101) + ",+3361234,,fr,,",
            INS + ",1986-05-12,Je\u0007an,Martin,+33142345678,,fr,,",
            INS + ",1985-05-12,Jean,Martin,+33abc,,fr,,",
            INS + ",1985-05-12,Jean,Martin,,,fr,1 rue Haute,",
            INS + ",1985-05-12,Jean,Martin,,,fr,1 rue Haute|75011PARIS,",
            INS + ",1985-05-12,Jean,Martin,,,fr," + "x".repeat(40) + "|75011 PARIS,",
            INS + ",1985-05-12,Jean,Martin,+33612345678,,fr,,notanins",
            INS + ",1985-05-12,Jean,Martin,+33612345678,,fr,," + INS,
            INS + ",1985-05-12,Jean,Martin,+33612345678,,fr,,285057512345612 185057512345673 269054958815780",
        };
        CohortParser.Columns columns = CohortParser.header(CohortParser.HEADER);
        for (int i = 0; i < lines.length; i++) {
            for (Rejection r : PARSER.parse(i + 2, lines[i], columns).rejections()) {
                produced.add(r.reason());
            }
        }
        for (String ins : List.of("1", "18505751234X673", "585057512345673", "185137512345673", "185057512345600")) {
            try {
                Ins.parse(ins);
            } catch (InvalidIdentifierException e) {
                produced.add(e.getMessage().replaceFirst("^ins: ", ""));
            }
        }
        for (String address : List.of("one line", "a|b|c|d|e|f|75011 PARIS", "x\u0007|75011 PARIS", "a|PARIS")) {
            try {
                PostalAddress.of("Jean", "Martin", address);
            } catch (IllegalArgumentException e) {
                produced.add(e.getMessage().replaceFirst("^postalAddress: ", ""));
            }
        }
        // The import's own check of representatives (ImportBatch), worded there.
        produced.addAll(literalReasons(Path.of("src/main/java/fr/sante/dmp/store/invitation/ImportBatch.java")));

        assertThat(produced).hasSizeGreaterThanOrEqualTo(25);
        List<String> untranslated = new ArrayList<>();
        for (String reason : produced) {
            if (REASONS.french(reason).isEmpty()) {
                untranslated.add(reason);
            }
        }
        assertThat(untranslated).as("reasons without French text").isEmpty();
    }

    @Test
    void numbersAreCarriedOverAndTheEnglishPageKeepsTheRecordedWording() {
        assertThat(REASONS.in("fr", "expected 9 fields, found 3")).isEqualTo("9 champs attendus, 3 trouvés");
        assertThat(REASONS.in("fr", "must be at most 100 characters")).isEqualTo("100 caractères au plus");
        assertThat(REASONS.in("fr", "the key (last two digits) does not match the number"))
                .isEqualTo("la clé (deux derniers chiffres) ne correspond pas au numéro");
        assertThat(REASONS.in("en", "must be at most 100 characters")).isEqualTo("must be at most 100 characters");
        // Not a rule's wording (a row written by an older version): shown as recorded rather than lost.
        assertThat(REASONS.in("fr", "something else")).isEqualTo("something else");
    }

    private static List<String> literalReasons(Path source) throws Exception {
        Matcher m = Pattern.compile("new Rejection\\([^;]*?,\\s*\"([^\"]+)\"\\)").matcher(Files.readString(source));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        assertThat(out).as("ImportBatch's reasons").hasSizeGreaterThanOrEqualTo(2);
        return out;
    }
}
