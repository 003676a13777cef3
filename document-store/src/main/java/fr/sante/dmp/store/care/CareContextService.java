package fr.sante.dmp.store.care;

import fr.sante.dmp.consent.Actor;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.Profession;
import fr.sante.dmp.consent.Rpps;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Care relationships: the care contexts that let a professional read and write a record, the patient's one-time care
 * codes, occupational physicians' express consents, and the directory of professionals they name. Every change is
 * audited through the access door, in the transaction that makes it. Failures are
 * {@link fr.sante.dmp.store.RecordException}s.
 */
public interface CareContextService {

    /** The service on the store's kernel ({@code DocumentStore.careContexts}). */
    static CareContextService on(fr.sante.dmp.store.StoreKernel kernel) {
        return new PgCareContextService(kernel);
    }

    /**
     * The same service with every patient change made by this representative for the person each call names (issue
     * 16: a representative manages care contexts, care codes and express consents), audited as "representative R for
     * person P". Only ever pass a representation {@code Representations.authorise} returned for this request.
     */
    CareContextService as(fr.sante.dmp.consent.Representation representative);

    /** How many wrong codes burn a care code. */
    int MAX_WRONG_CODES = 5;

    /**
     * A professional's software opens (or extends) a care context with a proof; it lasts the policy's duration for
     * the profession. An unknown, opposed or purged person answers as {@code NotFound("patient")}, except with a
     * care code, where every refusal is the same {@code care-proof-refused}.
     */
    Future<CareContext> open(Actor.Professional professional, Ins ins, CareProof proof);

    /** The patient grants a professional of the directory a context for {@code days} (1 to 365). */
    Future<CareContext> grant(Ins ins, Rpps rpps, int days);

    /** The patient's contexts of the last year, live ones first. */
    Future<List<CareContext>> list(Ins ins);

    /** The patient ends a context at once: the next request of its professional is refused. */
    Future<Void> end(Ins ins, UUID contextId);

    /** A new one-time care code for the patient (the previous one stops working). */
    Future<CareCode> issueCareCode(Ins ins);

    /** The patient lets an occupational physician in through {@code until} (today to one year ahead). */
    Future<Void> grantExpressConsent(Ins ins, Rpps rpps, LocalDate until);

    /** The patient withdraws an express consent: in force on the very next request. */
    Future<Void> withdrawExpressConsent(Ins ins, Rpps rpps);

    /** The running express consents. */
    Future<List<ExpressConsent>> expressConsents(Ins ins);

    /** Records a professional from a verified token (profession and specialty as the token says). */
    Future<Void> seen(Actor.Professional professional);

    /** An operator records a professional from the national directory's extract (wins over tokens). */
    Future<Void> register(String operator, Rpps rpps, Profession profession, Optional<String> specialty);
}
