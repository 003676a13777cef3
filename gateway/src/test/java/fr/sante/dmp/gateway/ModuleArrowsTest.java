package fr.sante.dmp.gateway;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.sante.dmp.consent.ConsentEngine;
import org.junit.jupiter.api.Test;

/**
 * The module arrows point one way (docs/ARCHITECTURE.md): gateway → web-pwa → document-store → notifications →
 * consent-engine. Maven refuses a cycle between modules; these rules also refuse an arrow that skips its way through a
 * class-path accident (e.g. the engine reaching for Vert.x, or the store for the patient space).
 */
class ModuleArrowsTest {
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.sante.dmp");
    /** Other modules' test-jars (their fixtures, benches) are on this class path too: they are not production. */
    private static final DescribedPredicate<JavaClass> IN_A_TEST_JAR = DescribedPredicate.describe("in a test-jar",
            c -> c.getSource().map(s -> s.getUri().toString())
                    .filter(u -> u.contains("-tests.jar") || u.contains("/test-classes/")).isPresent());

    @Test
    void theConsentEngineDependsOnNoOtherModuleAndNoIo() {
        noClasses().that().resideInAPackage("fr.sante.dmp.consent..")
                .should().dependOnClassesThat().resideInAnyPackage("fr.sante.dmp.notify..", "fr.sante.dmp.store..",
                        "fr.sante.dmp.pwa..", "fr.sante.dmp.gateway..", "io.vertx..")
                .check(ALL);
    }

    @Test
    void notificationsKnowNothingOfRecordsOrTheirClients() {
        noClasses().that().resideInAPackage("fr.sante.dmp.notify..")
                .should().dependOnClassesThat().resideInAnyPackage("fr.sante.dmp.store..", "fr.sante.dmp.pwa..",
                        "fr.sante.dmp.gateway..")
                .check(ALL);
    }

    /**
     * The development services (embedded servers, dev inbox, development issuer) are reached only through their
     * interface (DevServices, ServiceLoader): the production jar leaves their module out, and the gateway still starts.
     */
    @Test
    void nothingButTheDevelopmentServicesThemselvesDependsOnThem() {
        // Tests may: other modules' fixtures start the embedded SMSC.
        noClasses().that().resideOutsideOfPackage("fr.sante.dmp.dev..").and(DescribedPredicate.not(IN_A_TEST_JAR))
                .should().dependOnClassesThat().resideInAPackage("fr.sante.dmp.dev..")
                .check(ALL);
    }

    @Test
    void theDevelopmentServicesServeThePlatformWithoutKnowingIt() {
        noClasses().that().resideInAnyPackage("fr.sante.dmp.dev..", "fr.sante.dmp.devservices..")
                .should().dependOnClassesThat().resideInAnyPackage("fr.sante.dmp.store..", "fr.sante.dmp.pwa..",
                        "fr.sante.dmp.gateway..")
                .check(ALL);
    }

    /**
     * A vendor's {@code impl} packages are its internals: they change in any release, unannounced (issue 20: the
     * gateway's validator extended vertx-openapi's {@code RequestValidatorImpl}). Production code uses public APIs.
     */
    @Test
    void noProductionClassDependsOnVertxInternals() {
        noClasses().that(DescribedPredicate.not(IN_A_TEST_JAR))
                .should().dependOnClassesThat().resideInAPackage("io.vertx..impl..")
                .check(ALL);
    }

    @Test
    void theStoreKnowsNoHttpLayer() {
        noClasses().that().resideInAPackage("fr.sante.dmp.store..")
                .should().dependOnClassesThat().resideInAnyPackage("fr.sante.dmp.pwa..", "fr.sante.dmp.gateway..",
                        "io.vertx.ext.web..", "io.vertx.core.http..")
                .check(ALL);
    }

    /** One problem vocabulary for every API: it serves both, and depends on neither. */
    @Test
    void theProblemVocabularyKnowsNeitherApi() {
        noClasses().that().resideInAPackage("fr.sante.dmp.problem..")
                .should().dependOnClassesThat().resideInAnyPackage("fr.sante.dmp.pwa..", "fr.sante.dmp.gateway..")
                .check(ALL);
    }

    @Test
    void thePatientSpaceDoesNotReachIntoTheGateway() {
        noClasses().that().resideInAPackage("fr.sante.dmp.pwa..")
                .should().dependOnClassesThat().resideInAPackage("fr.sante.dmp.gateway..")
                .check(ALL);
    }

    /**
     * The patient space sends its one-time codes through the store ({@code store.patient.contact.CodeSender}, whose
     * outbox writer opens the transaction): it knows nothing of the notifications module.
     */
    @Test
    void thePatientSpaceKnowsNothingOfNotifications() {
        noClasses().that().resideInAPackage("fr.sante.dmp.pwa..").and(DescribedPredicate.not(IN_A_TEST_JAR))
                .should().dependOnClassesThat().resideInAPackage("fr.sante.dmp.notify..")
                .check(ALL);
    }

    /** The JSON both APIs answer is mapped beside the store's records: the gateway borrows no mapper of the PWA's. */
    @Test
    void theProfessionalApiBorrowsNoJsonOfThePatientApi() {
        noClasses().that().resideInAPackage("fr.sante.dmp.gateway..")
                .should().dependOnClassesThat().resideInAPackage("fr.sante.dmp.pwa.api..")
                .check(ALL);
    }

    /** HTTP code never writes SQL nor asks the engine: it calls the store's services, which pass the access door. */
    @Test
    void httpCodeNeverRunsSqlNorAsksTheConsentEngine() {
        // pwa.bench (web-pwa's test-jar) holds a fake of the store's patient services: it plays the store, not HTTP.
        noClasses().that().resideInAnyPackage("fr.sante.dmp.pwa..", "fr.sante.dmp.gateway..")
                .and().resideOutsideOfPackage("fr.sante.dmp.pwa.bench..")
                .should().callMethodWhere(target(owner(resideInAPackage("io.vertx.sqlclient..")))
                        .and(target(nameMatching("query|preparedQuery"))))
                .orShould().callMethodWhere(target(owner(equivalentTo(ConsentEngine.class)))
                        .and(target(nameMatching("decide.*|filter.*"))))
                .check(ALL);
    }
}
