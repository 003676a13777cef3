package fr.sante.dmp.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final AuditChain CHAIN = new AuditChain(AuditOptions.PUBLIC_CHAIN_KEY);
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private final AuditEvent base = new AuditEvent(AT, AuditEvent.PROFESSIONAL, "10001234565", "10", "none",
            AuditAction.READ_DOCUMENT, new byte[32], UUID.fromString("00000000-0000-0000-0000-000000000001"),
            "care-team", true, false, null);

    @Test
    void timestampIsKeptAtPostgresPrecisionSoTheStoredRowHashesTheSame() {
        assertThat(base.at()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
    }

    @Test
    void changingAnyFieldOrTheSequenceOrThePreviousHashChangesTheHash() {
        byte[] h = CHAIN.hash(AuditChain.GENESIS, 1, base);
        assertThat(CHAIN.hash(AuditChain.GENESIS, 1, base)).isEqualTo(h);
        assertThat(CHAIN.hash(AuditChain.GENESIS, 2, base)).isNotEqualTo(h);
        assertThat(CHAIN.hash(new byte[] {1}, 1, base)).isNotEqualTo(h);
        AuditEvent denied = new AuditEvent(base.at(), base.actorKind(), base.actorId(), base.profession(),
                base.category(), base.action(), base.insHash(), base.documentId(), base.ruleId(), false,
                base.breakGlass(), base.reason());
        assertThat(CHAIN.hash(AuditChain.GENESIS, 1, denied)).isNotEqualTo(h);
        AuditEvent otherRule = new AuditEvent(base.at(), base.actorKind(), base.actorId(), base.profession(),
                base.category(), base.action(), base.insHash(), base.documentId(), "masked-document", true,
                base.breakGlass(), base.reason());
        assertThat(CHAIN.hash(AuditChain.GENESIS, 1, otherRule)).isNotEqualTo(h);
    }

    @Test
    void absentAndEmptyValuesDoNotCollide() {
        AuditEvent noActor = new AuditEvent(AT, AuditEvent.PATIENT, null, null, null, AuditAction.LIST_DOCUMENTS,
                null, null, "patient-own-record", true, false, null);
        AuditEvent emptyActor = new AuditEvent(AT, AuditEvent.PATIENT, "", null, null, AuditAction.LIST_DOCUMENTS,
                null, null, "patient-own-record", true, false, null);
        assertThat(AuditChain.canonical(1, noActor)).isNotEqualTo(AuditChain.canonical(1, emptyActor));
    }
}
