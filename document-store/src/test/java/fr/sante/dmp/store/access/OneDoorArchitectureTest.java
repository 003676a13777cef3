package fr.sante.dmp.store.access;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import fr.sante.dmp.consent.ConsentEngine;
import fr.sante.dmp.store.audit.AuditLog;
import fr.sante.dmp.store.audit.GroupCommitAppender;
import fr.sante.dmp.store.outlaw.Outlaw;
import org.junit.jupiter.api.Test;

/**
 * The one access door holds: outside {@code store.access}, no class asks the consent engine for a decision, and no
 * class appends an audit entry (the audit package itself excepted: it is the door's own log).
 */
class OneDoorArchitectureTest {
    private static final JavaClasses STORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.sante.dmp.store");

    static final ArchRule ONLY_THE_DOOR_DECIDES = noClasses()
            .that().resideOutsideOfPackage("fr.sante.dmp.store.access..")
            .should().callMethodWhere(target(owner(equivalentTo(ConsentEngine.class)))
                    .and(target(nameMatching("decide.*|filter.*"))))
            .because("every access is decided by the one door (store.access.AccessDoor)");

    static final ArchRule ONLY_THE_DOOR_AUDITS = noClasses()
            .that().resideOutsideOfPackages("fr.sante.dmp.store.access..", "fr.sante.dmp.store.audit..")
            .should().callMethodWhere(target(owner(equivalentTo(GroupCommitAppender.class)))
                    .and(target(nameMatching("append.*"))))
            .orShould().callMethodWhere(target(owner(equivalentTo(AuditLog.class)))
                    .and(target(nameMatching("append.*|lockHead"))))
            .because("every audit entry is appended by the one door (store.access.AccessDoor)");

    @Test
    void onlyTheDoorAsksTheEngineForADecision() {
        ONLY_THE_DOOR_DECIDES.check(STORE);
    }

    @Test
    void onlyTheDoorAppendsAuditEntries() {
        ONLY_THE_DOOR_AUDITS.check(STORE);
    }

    /** The rules can fail: a class that decides and audits on its own is caught by each. */
    @Test
    void theRulesCatchAClassThatBypassesTheDoor() {
        JavaClasses outlaw = new ClassFileImporter().importClasses(Outlaw.class);
        assertThatThrownBy(() -> ONLY_THE_DOOR_DECIDES.check(outlaw)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("decide");
        assertThatThrownBy(() -> ONLY_THE_DOOR_AUDITS.check(outlaw)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("append");
    }
}
