package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.store.record.RecordService;
import fr.sante.dmp.store.record.SubmissionSet;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;

/**
 * The SubmissionSet of an ITI-65 deposit as an MHD List conforming to IHE MHD's Minimal SubmissionSet ({@value
 * #MHD_MINIMAL}; the tests validate it), read at {@code GET List/<id>} through the door as a listing of its documents:
 * its entries are the documents this professional may see. The source is the bundle's sourceId, the author
 * ({@code source}) the depositing professional by IDNPS, the date the deposit. It has no {@code subject}, as a
 * DocumentReference read by id: the store keeps only a keyed hash of the INS.
 */
final class SubmissionSetLists {
    static final String TYPE = "List";
    static final String MHD_MINIMAL =
            "https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Minimal.SubmissionSet";
    static final String LIST_TYPES = "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes";
    private static final int LIST_BYTES = 2048;

    private final Fhir fhir;
    private final RecordService records;
    private final PatientQuotaHandler quota;

    /** {@code quota}: as for a DocumentReference read by id, the set's patient counted once the store named them. */
    SubmissionSetLists(Fhir fhir, RecordService records, PatientQuotaHandler quota) {
        this.fhir = fhir;
        this.records = records;
        this.quota = quota;
    }

    /** GET List/{id}. */
    void read(RoutingContext rc) {
        UUID id = DocumentHandlers.id(rc);
        records.readSubmissionSet(DocumentHandlers.professional(rc), id, insHash -> quota.count(rc, insHash))
                .onSuccess(set -> fhir.send(rc, 200, of(set), LIST_BYTES))
                .onFailure(rc::fail);
    }

    /** {@code 2.25.<the UUID as an unsigned 128-bit integer>} (ITU-T X.667 / ISO/IEC 9834-8). */
    static String oid(UUID id) {
        BigInteger high = new BigInteger(Long.toUnsignedString(id.getMostSignificantBits()));
        BigInteger low = new BigInteger(Long.toUnsignedString(id.getLeastSignificantBits()));
        return "2.25." + high.shiftLeft(64).or(low);
    }

    static ListResource of(SubmissionSet set) {
        ListResource list = new ListResource();
        list.setId(set.id().toString());
        list.getMeta().setLastUpdated(Date.from(set.submittedAt()));
        list.addExtension(ProvideBundle.SOURCE_ID, new Identifier().setValue(set.sourceId()));
        // MHD's uniqueId (an OID, as XDS requires: the set's UUID as an OID under 2.25, ITU-T X.667) and entryUUID.
        list.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setSystem(DocumentReferences.URI)
                .setValue("urn:oid:" + oid(set.id()));
        list.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(DocumentReferences.URI)
                .setValue("urn:uuid:" + set.id());
        list.setStatus(ListResource.ListStatus.CURRENT);
        list.setMode(ListResource.ListMode.WORKING);
        list.getCode().addCoding().setSystem(LIST_TYPES).setCode("submissionset");
        list.setDate(Date.from(set.submittedAt()));
        list.setSource(new Reference().setType("Practitioner").setIdentifier(new Identifier()
                .setSystem(Identifiers.IDNPS).setValue(Identifiers.idnps(set.authorRpps()))));
        for (UUID d : set.documents()) {
            list.addEntry().setItem(new Reference("DocumentReference/" + d));
        }
        return list;
    }
}
