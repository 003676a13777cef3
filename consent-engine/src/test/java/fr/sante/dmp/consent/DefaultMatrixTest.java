package fr.sante.dmp.consent;

import static fr.sante.dmp.consent.Fixtures.DOCTOR;
import static fr.sante.dmp.consent.Fixtures.ENGINE;
import static fr.sante.dmp.consent.Fixtures.doc;
import static fr.sante.dmp.consent.Fixtures.pro;
import static fr.sante.dmp.consent.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Properties of the default matrix that the rules documents state outright. */
class DefaultMatrixTest {

    private static boolean reads(Profession p, DocumentClass c) {
        return ENGINE.decide(request(pro(DOCTOR, p)).build(), doc(c).build()).allowed();
    }

    @Test
    void physiciansReadEveryClass() {
        for (DocumentClass c : DocumentClass.values()) {
            assertThat(reads(Profession.PHYSICIAN, c)).as("%s", c).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Profession.class, names = "DENTIST", mode = EnumSource.Mode.EXCLUDE)
    void everyProfessionButDentistsReadsAdvanceDirectives(Profession p) {
        assertThat(reads(p, DocumentClass.ADVANCE_DIRECTIVES)).isTrue();
    }

    @Test
    void dentistsReadEverythingButAdvanceDirectives() {
        for (DocumentClass c : DocumentClass.values()) {
            assertThat(reads(Profession.DENTIST, c)).as("%s", c).isEqualTo(c != DocumentClass.ADVANCE_DIRECTIVES);
        }
    }

    @ParameterizedTest
    @EnumSource(Profession.class)
    void noProfessionDepositsThePatientsAdvanceDirectives(Profession p) {
        assertThat(ENGINE.decideDeposit(request(pro(DOCTOR, p)).action(Action.DEPOSIT).build(),
                DocumentClass.ADVANCE_DIRECTIVES).denied()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Profession.class, names = {"PHYSICIAN", "PHARMACIST", "MIDWIFE", "NURSE"})
    void pharmacistsPhysiciansMidwivesAndNursesReadPrescriptionsAndImmunizations(Profession p) {
        assertThat(reads(p, DocumentClass.PRESCRIPTION)).isTrue();
        assertThat(reads(p, DocumentClass.IMMUNIZATION_HISTORY)).isTrue();
    }
}
