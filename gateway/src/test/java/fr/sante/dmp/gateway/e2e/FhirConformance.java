package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * HAPI FHIR's validator (no server, no terminology server): every resource the face returns in the tests passes it with
 * no error, against FHIR R4 core (hapi-fhir-validation-resources-r4) and against the IHE MHD profiles that fit it:
 *
 * <ul>
 *   <li>a DocumentReference: {@value #MHD}IHE.MHD.Minimal.DocumentReference (MHD's Minimal Metadata; not the
 *       Comprehensive one: see docs/fhir.md);</li>
 *   <li>an ITI-67 searchset: IHE.MHD.FindDocumentReferencesResponseMessage (its entries against the above);</li>
 *   <li>an ITI-65 transaction-response: IHE.MHD.ProvideDocumentBundleResponse;</li>
 *   <li>a SubmissionSet List read back: IHE.MHD.Minimal.SubmissionSet.</li>
 * </ul>
 *
 * <p>Nothing is let through: every error fails the test.
 *
 * <p>The MHD profiles come from IHE's published package {@code ihe.iti.mhd} 4.2.1 (with its snapshots), which the
 * Maven Central artifact {@code org.openehealth.ipf.commons:ipf-commons-ihe-fhir-r4-mhd} carries as
 * {@code META-INF/profiles/v421/ihe.iti.mhd.tgz}; only that file is used.
 *
 * <p>More packages (for instance the ANS PDSm guide {@code ans.fhir.fr.pdsm} and its dependencies, or IHE PDQm) are
 * loaded from the folders named by the system property {@value #PACKAGES_PROPERTY} (comma-separated; each an npm
 * package folder holding {@code package/*.json}, or a folder of such folders); their profiles in
 * {@link #OPTIONAL_PROFILES} are then applied too. Neither is served by any registry this build reaches, so by default
 * they are not applied (see docs/fhir.md, "Validation").
 */
public final class FhirConformance {
    public static final FhirContext CONTEXT = FhirContext.forR4();
    public static final String MHD = "https://profiles.ihe.net/ITI/MHD/StructureDefinition/";
    /** What the face's DocumentReferences conform to: MHD's Minimal Metadata (see docs/fhir.md for Comprehensive). */
    public static final String MHD_DOCUMENT_REFERENCE = MHD + "IHE.MHD.Minimal.DocumentReference";
    public static final String MHD_COMPREHENSIVE_DOCUMENT_REFERENCE = MHD + "IHE.MHD.Comprehensive.DocumentReference";
    /** ITI-67's answer with Minimal DocumentReferences. */
    public static final String MHD_FIND_RESPONSE = MHD + "IHE.MHD.FindDocumentReferencesResponseMessage";
    public static final String MHD_PROVIDE_RESPONSE = MHD + "IHE.MHD.ProvideDocumentBundleResponse";
    /** The SubmissionSet List of an ITI-65 deposit, as read back at List/<id>. */
    public static final String MHD_SUBMISSION_SET = MHD + "IHE.MHD.Minimal.SubmissionSet";
    public static final String MHD_PACKAGE = "classpath:META-INF/profiles/v421/ihe.iti.mhd.tgz";
    public static final String PACKAGES_PROPERTY = "fhir.packages";

    public static final String PDSM = "https://interop.esante.gouv.fr/ig/fhir/pdsm/StructureDefinition/";
    /** Applied when a package given through {@value #PACKAGES_PROPERTY} defines them. */
    public static final List<String> OPTIONAL_PROFILES = List.of(
            PDSM + "pdsm-comprehensive-document-reference",
            PDSM + "pdsm-find-documentreferences-comprehensive-response",
            "https://profiles.ihe.net/ITI/PDQm/StructureDefinition/IHE.PDQm.Patient",
            "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient");

    private static FhirValidator validator;
    private static IValidationSupport support;

    private FhirConformance() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            try {
                NpmPackageValidationSupport mhd = new NpmPackageValidationSupport(CONTEXT);
                mhd.loadPackageFromClasspath(MHD_PACKAGE);
                List<IValidationSupport> supports = new ArrayList<>();
                PrePopulatedValidationSupport given = givenPackages();
                if (given != null) {
                    supports.add(given);   // first: a newer MHD given there wins over the classpath's
                }
                supports.add(mhd);
                supports.add(new DefaultProfileValidationSupport(CONTEXT));
                supports.add(new CommonCodeSystemsTerminologyService(CONTEXT));
                supports.add(new InMemoryTerminologyServerValidationSupport(CONTEXT));
                supports.add(new SnapshotGeneratingValidationSupport(CONTEXT));
                ValidationSupportChain chain = new ValidationSupportChain(supports.toArray(IValidationSupport[]::new));
                support = chain;
                for (String url : List.of(MHD_DOCUMENT_REFERENCE, MHD_FIND_RESPONSE, MHD_PROVIDE_RESPONSE)) {
                    assertThat(chain.fetchStructureDefinition(url)).as("MHD profile %s", url).isNotNull();
                }
                validator = CONTEXT.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return validator;
    }

    /** The StructureDefinitions, ValueSets and CodeSystems of the packages named by {@value #PACKAGES_PROPERTY}. */
    private static PrePopulatedValidationSupport givenPackages() throws IOException {
        String property = System.getProperty(PACKAGES_PROPERTY, "").trim();
        if (property.isEmpty()) {
            return null;
        }
        PrePopulatedValidationSupport s = new PrePopulatedValidationSupport(CONTEXT);
        IParser json = CONTEXT.newJsonParser();
        for (String name : property.split(",")) {
            for (Path folder : packageFolders(Path.of(name.trim()))) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        String text = Files.readString(f);
                        if (!text.contains("\"resourceType\"") || !(text.contains("\"StructureDefinition\"")
                                || text.contains("\"ValueSet\"") || text.contains("\"CodeSystem\""))) {
                            continue;
                        }
                        IBaseResource r;
                        try (InputStream in = Files.newInputStream(f)) {
                            r = json.parseResource(in);
                        }
                        switch (r.fhirType()) {
                            case "StructureDefinition" -> s.addStructureDefinition(r);
                            case "ValueSet" -> s.addValueSet(r);
                            case "CodeSystem" -> s.addCodeSystem(r);
                            default -> { }
                        }
                    }
                }
            }
        }
        return s;
    }

    /** {@code <dir>/package} if it is a package, else that of each package folder in {@code dir}. */
    private static List<Path> packageFolders(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("package/package.json"))) {
            return List.of(dir.resolve("package"));
        }
        if (Files.isRegularFile(dir.resolve("package.json"))) {
            return List.of(dir);
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path c : children.sorted().toList()) {
                if (Files.isRegularFile(c.resolve("package/package.json"))) {
                    found.add(c.resolve("package"));
                }
            }
        }
        return found;
    }

    /** The profiles {@code resource} is validated against, besides R4 core: MHD's, and the given packages' that fit. */
    public static List<String> profilesOf(IBaseResource resource) {
        validator();
        List<String> profiles = new ArrayList<>();
        if (resource instanceof DocumentReference) {
            profiles.add(MHD_DOCUMENT_REFERENCE);
            optional(profiles, PDSM + "pdsm-comprehensive-document-reference");
        } else if (resource instanceof Bundle b && b.getType() == Bundle.BundleType.SEARCHSET && documents(b)) {
            profiles.add(MHD_FIND_RESPONSE);
            optional(profiles, PDSM + "pdsm-find-documentreferences-comprehensive-response");
        } else if (resource instanceof Bundle b && b.getType() == Bundle.BundleType.TRANSACTIONRESPONSE) {
            profiles.add(MHD_PROVIDE_RESPONSE);
        } else if (resource instanceof ListResource) {
            profiles.add(MHD_SUBMISSION_SET);
        } else if (resource instanceof Patient) {
            optional(profiles, "https://profiles.ihe.net/ITI/PDQm/StructureDefinition/IHE.PDQm.Patient");
            optional(profiles, "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient");
        }
        return profiles;
    }

    private static void optional(List<String> profiles, String url) {
        if (support.fetchStructureDefinition(url) instanceof StructureDefinition) {
            profiles.add(url);
        }
    }

    /** An ITI-67 answer: its entries are DocumentReferences (its self link says so when it has none). */
    private static boolean documents(Bundle b) {
        if (!b.getEntry().isEmpty()) {
            return b.getEntry().stream().allMatch(e -> e.getResource() instanceof DocumentReference);
        }
        return b.getLink("self") != null && b.getLink("self").getUrl().contains("/DocumentReference?");
    }

    /** The errors (and fatal messages) of {@code resource} against R4 core and {@code profile} (null: core only). */
    public static List<SingleValidationMessage> errors(IBaseResource resource, String profile) {
        ValidationOptions options = new ValidationOptions();
        if (profile != null) {
            options.addProfile(profile);
        }
        ValidationResult result = validator().validateWithResult(resource, options);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    /**
     * Every error (and fatal message) of {@code resource} against R4 core and each profile of {@link #profilesOf}, and
     * for a Bundle, of each entry's resource against its own profiles: MHD's response bundles slice their entries by
     * profile with open slicing, so a DocumentReference that does not conform is merely outside the slice, and the
     * bundle's validation alone would not report it.
     */
    public static List<String> problems(IBaseResource resource) {
        List<String> found = new ArrayList<>();
        List<String> profiles = profilesOf(resource);
        for (String profile : profiles.isEmpty() ? java.util.Collections.<String>singletonList(null) : profiles) {
            for (SingleValidationMessage m : errors(resource, profile)) {
                found.add((profile == null ? "R4 core" : profile) + ": " + m.getLocationString() + " "
                        + m.getMessage());
            }
        }
        if (resource instanceof Bundle b) {
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                if (e.getResource() != null && !profilesOf(e.getResource()).isEmpty()) {
                    for (String p : problems(e.getResource())) {
                        found.add(e.getFullUrl() + ": " + p);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Asserts that {@link #problems} finds nothing in {@code resource}; returns the profiles (besides R4 core) it was
     * validated against.
     */
    public static List<String> assertValid(IBaseResource resource) {
        assertThat(problems(resource)).as("validation of %s:\n%s", resource.fhirType(),
                CONTEXT.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource)).isEmpty();
        return profilesOf(resource);
    }

    /**
     * The same, for a body as the server sent it (JSON or XML): the body itself is validated against R4 core and the
     * profiles, then the parsed resource as above (for its entries).
     */
    public static IBaseResource assertValid(String body) {
        IBaseResource r = body.trim().startsWith("<") ? CONTEXT.newXmlParser().parseResource(body)
                : CONTEXT.newJsonParser().parseResource(body);
        List<String> profiles = profilesOf(r);
        for (String profile : profiles.isEmpty() ? java.util.Collections.<String>singletonList(null) : profiles) {
            ValidationOptions options = new ValidationOptions();
            if (profile != null) {
                options.addProfile(profile);
            }
            List<SingleValidationMessage> errors = validator().validateWithResult(body, options).getMessages()
                    .stream().filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR
                            || m.getSeverity() == ResultSeverityEnum.FATAL).toList();
            assertThat(errors).as("validation against %s of\n%s", profile == null ? "R4 core" : profile, body)
                    .isEmpty();
        }
        assertValid(r);
        return r;
    }

    /** The profiles a package given through {@value #PACKAGES_PROPERTY} brought, of {@link #OPTIONAL_PROFILES}. */
    public static Set<String> optionalProfilesLoaded() {
        validator();
        return Set.copyOf(OPTIONAL_PROFILES.stream()
                .filter(u -> support.fetchStructureDefinition(u) instanceof StructureDefinition).toList());
    }
}
