package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.AUTHOR;
import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.consent;
import static fr.sante.dmp.consent.Fixtures.doc;
import static fr.sante.dmp.consent.Fixtures.patient;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {
    private final DocumentFacts lab = doc(DocumentClass.LABORATORY_REPORT).build();
    private final DocumentFacts maskedNote = doc(DocumentClass.CONSULTATION_NOTE).masked().build();
    private final DocumentFacts operation = doc(DocumentClass.SURGICAL_OPERATION_NOTE).build();
    private final DocumentFacts ownNote = doc(DocumentClass.CONSULTATION_NOTE).by(DOCTOR).masked().build();
    private final DocumentFacts withheld = doc(DocumentClass.PATHOLOGY_REPORT).withheld()
            .depositedAt(Fixtures.NOW.minusSeconds(3600)).build();
    private final List<DocumentFacts> all = List.of(lab, maskedNote, operation, ownNote, withheld);

    @Test
    void pharmacistSeesTheMatrixClassesAndOwnDocumentsInTheGivenOrder() {
        ConsentEngine.Filtered f = ENGINE.filter(request(pro(DOCTOR, Profession.PHARMACIST))
                .action(Action.LIST_DOCUMENTS).build(), all);
        assertThat(f.decision().ruleId()).isEqualTo(RuleId.CARE_TEAM.id());
        assertThat(f.visible()).containsExactly(lab, ownNote);
        assertThat(f.hiddenCount()).isEqualTo(3);
    }

    @Test
    void patientSeesEverythingButTheWithheldResult() {
        ConsentEngine.Filtered f = ENGINE.filter(request(patient()).action(Action.LIST_DOCUMENTS).build(), all);
        assertThat(f.visible()).containsExactly(lab, maskedNote, operation, ownNote);
        assertThat(f.hiddenCount()).isEqualTo(1);
    }

    @Test
    void aDeniedRecordShowsNothingAndCountsEverythingHidden() {
        ConsentEngine.Filtered f = ENGINE.filter(request(pro(AUTHOR, Profession.PHYSICIAN))
                .consent(consent().blocking(AUTHOR)).build(), all);
        assertThat(f.decision().allowed()).isFalse();
        assertThat(f.decision().ruleId()).isEqualTo(RuleId.BLOCKED_PROFESSIONAL.id());
        assertThat(f.visible()).isEmpty();
        assertThat(f.hiddenCount()).isEqualTo(all.size());
    }

    @Test
    void emergencyAccessShowsMaskedDocuments() {
        ConsentEngine.Filtered f = ENGINE.filter(request(pro(DOCTOR, Profession.PHYSICIAN))
                .breakGlass("unconscious after a fall").build(), all);
        assertThat(f.decision().ruleId()).isEqualTo(RuleId.BREAK_GLASS.id());
        assertThat(f.visible()).containsExactlyElementsOf(all);
    }

    @Test
    void filteringAnEmptyListIsFine() {
        ConsentEngine.Filtered f = ENGINE.filter(request(patient()).build(), List.of());
        assertThat(f.visible()).isEmpty();
        assertThat(f.hiddenCount()).isZero();
    }

    @Test
    void decisionsAreSharedInstancesWithPolicyReasons() {
        Decision a = ENGINE.decide(request(pro(DOCTOR, Profession.NURSE)).build());
        Decision b = ENGINE.decide(request(pro(AUTHOR, Profession.PHYSICIAN)).build());
        assertThat(a).isSameAs(b);
        assertThat(a.reasonFr()).contains("équipe de soins");
        assertThat(a.reasonEn()).contains("care team");
    }
}
