package fr.sante.dmp.gateway.fhir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * What the FHIR face supports, exactly: the CapabilityStatement of {@code GET /fhir/r4/metadata} and the SMART
 * configuration pointing at the OIDC issuer that signs the bearer tokens.
 */
final class Capability {
    static final String SMART_SERVICE = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    static final List<String> SCOPES = List.of("dmp:read", "dmp:write");

    private Capability() {
    }

    static CapabilityStatement statement(String base, JsonObject issuer, Date published) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setName("DmpFhirFace");
        cs.setTitle("DMP FHIR R4 face: IHE MHD (ITI-65, 67, 68; Minimal Metadata) and PDQm (ITI-78), after ANS PDSm");
        cs.setDate(published);
        cs.setPublisher("DMP");
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("dmp-gateway");
        cs.getImplementation().setDescription("DMP FHIR R4 face").setUrl(base);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        for (String f : List.of("application/fhir+json", "application/fhir+xml", "json", "xml")) {
            cs.addFormat(f);
        }
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setCors(false).setDescription("Bearer access tokens of the OIDC issuer (scopes dmp:read "
                + "for searches and reads, dmp:write for ITI-65); consent, care relationships, quotas and audit as on "
                + "the JSON API. A professional opens a care context first (POST /api/v1/patients/{ins}/care-contexts).");
        CodeableConcept smart = rest.getSecurity().addService();
        smart.addCoding().setSystem(SMART_SERVICE).setCode("SMART-on-FHIR");
        Extension uris = rest.getSecurity().addExtension().setUrl(OAUTH_URIS);
        if (issuer.containsKey("token_endpoint")) {
            uris.addExtension("token", new UriType(issuer.getString("token_endpoint")));
        }
        if (issuer.containsKey("authorization_endpoint")) {
            uris.addExtension("authorize", new UriType(issuer.getString("authorization_endpoint")));
        }
        if (!uris.hasExtension()) {
            rest.getSecurity().getExtension().remove(uris);
        }

        CapabilityStatementRestResourceComponent docs = rest.addResource().setType("DocumentReference");
        docs.addSupportedProfile(DocumentReferences.MHD_MINIMAL);
        docs.addInteraction().setCode(TypeRestfulInteraction.READ);
        docs.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        docs.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
        param(docs, "patient.identifier", Enumerations.SearchParamType.TOKEN, "the patient's INS-NIR (system|value)");
        param(docs, "patient", Enumerations.SearchParamType.REFERENCE, "Patient/<INS>");
        param(docs, "status", Enumerations.SearchParamType.TOKEN, "current (default) or superseded");
        param(docs, "date", Enumerations.SearchParamType.DATE, "deposit date; prefixes eq, ge, gt, le, lt");
        param(docs, "type", Enumerations.SearchParamType.TOKEN, "LOINC document class");
        param(docs, "category", Enumerations.SearchParamType.TOKEN, "LOINC document class (as type)");
        param(docs, "author.identifier", Enumerations.SearchParamType.TOKEN, "the author's IDNPS (8 + RPPS)");
        param(docs, "_lastUpdated", Enumerations.SearchParamType.DATE, "as date");
        param(docs, "_count", Enumerations.SearchParamType.NUMBER, "page size, 1 to 100 (default 20)");

        CapabilityStatementRestResourceComponent binary = rest.addResource().setType("Binary");
        binary.addInteraction().setCode(TypeRestfulInteraction.READ);
        binary.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);

        CapabilityStatementRestResourceComponent lists = rest.addResource().setType(SubmissionSetLists.TYPE);
        lists.addSupportedProfile(SubmissionSetLists.MHD_MINIMAL);
        lists.addInteraction().setCode(TypeRestfulInteraction.READ);
        lists.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
        lists.setDocumentation("the SubmissionSet of an ITI-65 deposit, at the location its answer gave; its "
                + "entries are the documents the caller may see");

        CapabilityStatementRestResourceComponent patient = rest.addResource().setType("Patient");
        patient.addInteraction().setCode(TypeRestfulInteraction.READ);
        patient.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        patient.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
        param(patient, "identifier", Enumerations.SearchParamType.TOKEN, "the INS-NIR (system|value)");

        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION)
                .setDocumentation("ITI-65 Provide Document Bundle: SubmissionSet List (with its sourceId), "
                        + "DocumentReference, Binary; all or nothing; relatesTo replaces");
        return cs;
    }

    private static void param(CapabilityStatementRestResourceComponent r, String name,
                              Enumerations.SearchParamType type, String doc) {
        r.addSearchParam().setName(name).setType(type).setDocumentation(doc);
    }

    /** {@code /.well-known/smart-configuration}: the issuer's endpoints (plain JSON, not a FHIR resource). */
    static JsonObject smartConfiguration(JsonObject issuer) {
        JsonObject json = issuer.copy();
        json.put("grant_types_supported", new JsonArray().add("client_credentials").add("authorization_code"));
        json.put("token_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
                .add("private_key_jwt"));
        json.put("scopes_supported", new JsonArray(SCOPES));
        json.put("capabilities", new JsonArray().add("client-confidential-symmetric")
                .add("client-confidential-asymmetric"));
        json.put("code_challenge_methods_supported", new JsonArray().add("S256"));
        return json;
    }
}
