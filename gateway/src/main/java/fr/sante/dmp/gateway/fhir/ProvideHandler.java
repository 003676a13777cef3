package fr.sante.dmp.gateway.fhir;

import fr.sante.dmp.gateway.guard.PatientQuotaHandler;
import fr.sante.dmp.store.record.Provided;
import fr.sante.dmp.store.record.RecordService;
import io.vertx.ext.web.RoutingContext;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;

/**
 * ITI-65 Provide Document Bundle: {@code POST /fhir/r4} with a transaction Bundle, stored all or nothing through the
 * record services. The answer is a transaction-response: each DocumentReference and its Binary located at the stored
 * document, the SubmissionSet List at {@code List/<id>} of the submission set the store kept with them.
 */
final class ProvideHandler {
    private final Fhir fhir;
    private final RecordService records;
    private final PatientQuotaHandler quota;

    /**
     * {@code quota}: the writes' (fails closed when Redis is down); the bundle's patient is counted once the body
     * is parsed and before anything is stored, as the JSON API counts a deposit's patient.
     */
    ProvideHandler(Fhir fhir, RecordService records, PatientQuotaHandler quota) {
        this.fhir = fhir;
        this.records = records;
        this.quota = quota;
    }

    void handle(RoutingContext rc) {
        FhirFormat format = FhirFormat.body(rc.request().getHeader("Content-Type"));
        String base = DocumentHandlers.base(rc);
        fhir.parse(Bundle.class, rc.body().buffer(), format)
                .map(ProvideBundle::read)
                .compose(p -> quota.count(rc, p.ins()).map(p))
                .compose(p -> records.depositAll(DocumentHandlers.professional(rc), p.ins(), p.sourceId(),
                                p.documents())
                        .map(provided -> response(p, provided)))
                .onSuccess(response -> fhir.send(rc, 200, response, 0))
                .onFailure(rc::fail);
    }

    private static Bundle response(ProvideBundle p, Provided provided) {
        List<UUID> ids = provided.documents();
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.getMeta().setLastUpdated(new Date());
        Map<String, String> binaryLocation = new HashMap<>();
        Map<Integer, UUID> documentAt = new HashMap<>();
        for (int k = 0; k < ids.size(); k++) {
            int entry = p.documentEntries().get(k);
            documentAt.put(entry, ids.get(k));
            DocumentReference d = (DocumentReference) p.entries().get(entry).getResource();
            String url = d.getContentFirstRep().getAttachment().getUrl();
            if (url != null) {
                binaryLocation.put(url, "Binary/" + ids.get(k));
            }
        }
        for (int i = 0; i < p.entries().size(); i++) {
            Bundle.BundleEntryComponent request = p.entries().get(i);
            Bundle.BundleEntryResponseComponent r = response.addEntry().getResponse().setStatus("201 Created");
            if (i == p.submissionSetEntry()) {
                r.setLocation(SubmissionSetLists.TYPE + "/" + provided.submissionSet());
            } else if (documentAt.containsKey(i)) {
                r.setLocation("DocumentReference/" + documentAt.get(i));
            } else if (request.getResource() instanceof Binary) {
                r.setLocation(binaryLocation.get(request.getFullUrl()));
            }
        }
        return response;
    }
}
