package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A policy that is wrong stops start-up with a message naming the entry. */
class PolicyValidationTest {
    private static final String DEFAULT = defaultPolicy();

    private static String defaultPolicy() {
        try (InputStream in = ConsentEngine.class.getResourceAsStream(ConsentEngine.DEFAULT_POLICY)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default policy with exactly one occurrence of {@code from} replaced. */
    private static String edit(String from, String to) {
        int at = DEFAULT.indexOf(from);
        assertThat(at).as("fixture text '%s' is in the default policy", from).isNotNegative();
        assertThat(DEFAULT.indexOf(from, at + 1)).as("'%s' occurs once", from).isNegative();
        return DEFAULT.substring(0, at) + to + DEFAULT.substring(at + from.length());
    }

    @Test
    void theDefaultPolicyLoads() {
        assertThat(ConsentEngine.fromYaml(DEFAULT)).isNotNull();
    }

    @Test
    void theInvitationWindowAndReminderComeFromThePolicyFile() {
        assertThat(ConsentEngine.fromYaml(DEFAULT).invitations()).isEqualTo(InvitationPolicy.DEFAULT);
        ConsentEngine longer = ConsentEngine.fromYaml(edit("oppositionWindowDays: 42", "oppositionWindowDays: 60")
                .replace("reminderDaysBefore: 14", "reminderDaysBefore: 7"));
        assertThat(longer.invitations().oppositionWindow()).isEqualTo(java.time.Duration.ofDays(60));
        assertThat(longer.invitations().reminderBefore()).isEqualTo(java.time.Duration.ofDays(7));
        java.time.Instant sent = java.time.Instant.parse("2027-01-01T00:00:00Z");
        assertThat(longer.lifecycle(java.time.Clock.systemUTC()).invited(sent).oppositionDeadline())
                .contains(sent.plus(java.time.Duration.ofDays(60)));
    }

    @Test
    void researchUseFollowsTheLawByDefaultAndThePolicyFileCanAskForAnAgreement() {
        ResearchUseDefault law = ConsentEngine.fromYaml(DEFAULT).researchUseDefault();
        assertThat(law).isEqualTo(ResearchUseDefault.REUSE_UNLESS_OBJECTED);
        assertThat(law.objected(java.util.Optional.empty())).isFalse();
        ResearchUseDefault optIn = ConsentEngine.fromYaml(edit("researchUse: reuse-unless-objected",
                "researchUse: opt-in")).researchUseDefault();
        assertThat(optIn.objected(java.util.Optional.empty())).isTrue();
        assertThat(optIn.objected(java.util.Optional.of(false))).isFalse();
        assertThat(law.objected(java.util.Optional.of(true))).isTrue();
        assertThatThrownBy(() -> ConsentEngine.fromYaml(edit("researchUse: reuse-unless-objected",
                "researchUse: always"))).isInstanceOf(PolicyException.class).hasMessageContaining("settings.researchUse");
    }

    @Test
    void aWindowShorterThanTheLawsSixWeeksOrAReminderOutsideItIsRefused() {
        assertThatThrownBy(() -> ConsentEngine.fromYaml(edit("oppositionWindowDays: 42", "oppositionWindowDays: 41")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("oppositionWindowDays");
        assertThatThrownBy(() -> ConsentEngine.fromYaml(edit("reminderDaysBefore: 14", "reminderDaysBefore: 42")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("reminderDaysBefore");
        assertThatThrownBy(() -> ConsentEngine.fromYaml(edit("reminderDaysBefore: 14", "reminderDaysBefore: \"P14D\"")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("reminderDaysBefore");
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                Arguments.of("unknown profession", edit("\"98\":   #", "\"99\":   #"),
                        "matrix.\"99\": unknown profession code '99'"),
                Arguments.of("missing profession", edit("""
                          "98":   # manipulateur d'électroradiologie médicale (reports are written by radiologists, who are physicians)
                            read: {allow: ["18748-4", "11502-2", "57833-6", "60591-5", "42348-3", "51855-5"]}
                            deposit: {allow: []}
                        """, ""), "matrix: no entry for profession(s) [98 (RADIOGRAPHER)]"),
                Arguments.of("unknown class", edit("deposit: {allow: [\"57833-6\", \"11369-6\", \"11502-2\"]}",
                        "deposit: {allow: [\"57833-6\", \"99999-9\"]}"),
                        "matrix.\"21\".deposit.allow: unknown LOINC class '99999-9'"),
                Arguments.of("contradictory matrix", edit("read: {allow: [\"11488-4\", \"60591-5\", \"34133-9\", \"42348-3\", \"51855-5\", \"34109-9\"]}",
                        "read: {allow: [\"11488-4\", \"60591-5\", \"34133-9\", \"42348-3\", \"51855-5\", \"34109-9\"], deny: [\"42348-3\"]}"),
                        "matrix.\"93\".read: class 42348-3 is both allowed and denied"),
                Arguments.of("missing French reason", edit(
                        "    fr: \"Vous avez masqué ce document : seuls vous, votre médecin traitant et son auteur peuvent le voir.\"\n",
                        ""), "rules.masked-document: missing reason 'fr'"),
                Arguments.of("blank English reason", edit(
                        "    en: \"You opposed emergency access to your record.\"", "    en: \"  \""),
                        "rules.break-glass-opposed: missing reason 'en'"),
                Arguments.of("unknown rule id", edit("  care-team-deposit:", "  care-team-depot:"),
                        "rules.care-team-depot: unknown rule id"),
                Arguments.of("wrong effect", edit("  document-author:          # CSP R1111-49\n    effect: allow",
                        "  document-author:\n    effect: deny"), "rules.document-author: effect must be 'allow'"),
                Arguments.of("insurer relaxed", edit("insurer: forbidden ", "insurer: ordinary "),
                        "categories.insurer: must be 'forbidden' (CSP L1111-18)"),
                Arguments.of("unknown category", edit("  none: ordinary", "  none: ordinary\n  police: ordinary"),
                        "categories.police: unknown category"),
                Arguments.of("unknown treatment", edit("samu-regulation: emergency-regulation",
                        "samu-regulation: whenever"), "categories.samu-regulation: unknown treatment 'whenever'"),
                Arguments.of("typo in a section", edit("matrix:\n", "matrice:\n"), "policy: unknown field 'matrice'"),
                Arguments.of("duplicate profession", edit("\"98\":   #", "\"10\":   #"), "Duplicate field '10'"),
                Arguments.of("bad period", edit("withheldAutoRelease: P1M", "withheldAutoRelease: one month"),
                        "settings.withheldAutoRelease"),
                Arguments.of("empty care-history window", edit("careHistoryWindow: P24M", "careHistoryWindow: P0M"),
                        "settings.careHistoryWindow: must be a positive ISO-8601 period"),
                Arguments.of("missing care-history rule", edit("  care-history-sensitive:", "  care-history-sensible:"),
                        "rules.care-history-sensible: unknown rule id"),
                Arguments.of("not YAML", "rules: [unclosed", "not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void anInvalidPolicyFailsNamingTheEntry(String name, String yaml, String expectedMessage) {
        assertThatThrownBy(() -> ConsentEngine.fromYaml(yaml)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void aMissingRuleIsNamed() {
        String yaml = edit("""
                  care-team-deposit:
                    effect: allow
                    fr: "Professionnel de votre équipe de soins, autorisé à ajouter ce type de document."
                    en: "A professional of your care team, allowed to add this type of document."
                """, "");
        assertThatThrownBy(() -> ConsentEngine.fromYaml(yaml)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("rules: missing required rule(s) [care-team-deposit]");
    }

    @Test
    void anEmptyPolicyIsRejected() {
        assertThatThrownBy(() -> ConsentEngine.fromYaml("  ")).isInstanceOf(PolicyException.class);
    }
}
