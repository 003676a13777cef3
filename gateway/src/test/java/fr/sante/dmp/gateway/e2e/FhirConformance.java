package fr.sante.dmp.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI FHIR's validator against FHIR R4 core (StructureDefinitions and terminologies of
 * hapi-fhir-validation-resources-r4, no server): every resource the face returns in the tests passes it with no error.
 * Built once (loading the core definitions takes seconds).
 */
final class FhirConformance {
    static final FhirContext CONTEXT = FhirContext.forR4();
    private static FhirValidator validator;

    private FhirConformance() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(CONTEXT),
                    new CommonCodeSystemsTerminologyService(CONTEXT),
                    new InMemoryTerminologyServerValidationSupport(CONTEXT),
                    new SnapshotGeneratingValidationSupport(CONTEXT));
            FhirInstanceValidator instance = new FhirInstanceValidator(chain);
            validator = CONTEXT.newValidator().registerValidatorModule(instance);
        }
        return validator;
    }

    /** Asserts that R4 core finds no error (nor fatal) in {@code resource}; returns the messages, for a look. */
    static List<SingleValidationMessage> assertValid(IBaseResource resource) {
        ValidationResult result = validator().validateWithResult(resource);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        assertThat(errors).as("R4 core validation of %s:\n%s", resource.fhirType(),
                CONTEXT.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource)).isEmpty();
        return result.getMessages();
    }

    /** The same, for a body as the server sent it (JSON or XML). */
    static IBaseResource assertValid(String body) {
        IBaseResource r = body.trim().startsWith("<") ? CONTEXT.newXmlParser().parseResource(body)
                : CONTEXT.newJsonParser().parseResource(body);
        ValidationResult result = validator().validateWithResult(body);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        assertThat(errors).as("R4 core validation of\n%s", body).isEmpty();
        return r;
    }
}
