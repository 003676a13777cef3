package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.provider.Arguments;

/** Rows of the per-rule table tests: a named request (and document), the expected outcome and deciding rule. */
final class RuleTable {
    static final boolean ALLOWED = true;
    static final boolean DENIED = false;

    private RuleTable() {
    }

    static Arguments row(String name, Fixtures.Req request, Fixtures.Doc document, boolean allowed, RuleId rule) {
        return Arguments.of(name, request.build(), document == null ? null : document.build(), allowed, rule);
    }

    static Arguments row(String name, Fixtures.Req request, boolean allowed, RuleId rule) {
        return row(name, request, null, allowed, rule);
    }

    static void check(Decision decision, boolean allowed, RuleId rule) {
        assertThat(decision.ruleId()).isEqualTo(rule.id());
        assertThat(decision.allowed()).isEqualTo(allowed);
        assertThat(decision.reasonFr()).isNotBlank();
        assertThat(decision.reasonEn()).isNotBlank();
    }
}
