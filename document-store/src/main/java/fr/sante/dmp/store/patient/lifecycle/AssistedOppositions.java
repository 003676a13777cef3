package fr.sante.dmp.store.patient.lifecycle;

import fr.sante.dmp.store.ServiceFailures;
import fr.sante.dmp.store.patient.Contact;
import fr.sante.dmp.store.patient.Identity;
import fr.sante.dmp.store.patient.LockedRecord;
import fr.sante.dmp.store.patient.PatientTransaction;
import fr.sante.dmp.store.patient.PrintedCodes;
import fr.sante.dmp.store.patient.login.InvitationCodes;
import fr.sante.dmp.consent.IllegalTransitionException;
import fr.sante.dmp.consent.Ins;
import fr.sante.dmp.consent.RecordLifecycle;
import fr.sante.dmp.consent.RecordState;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.Language;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.outbox.OutboundMessage;
import fr.sante.dmp.notify.outbox.Outbox;
import fr.sante.dmp.store.RecordException;
import fr.sante.dmp.store.StoreKernel;
import fr.sante.dmp.store.audit.AuditAction;
import fr.sante.dmp.store.audit.AuditEvent;
import fr.sante.dmp.store.crypto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Opposition by telephone (CSP R1111-28: the person may oppose by any means, the platform's phone line among them): a
 * phone agent checks the caller's identity against the invitation, then registers the opposition on their behalf.
 *
 * <p>What is checked, and why: the identity traits the invitation was made from, all of them, since the agent cannot
 * see a document. The identifier, INS (from the carte Vitale or the invitation) or the invitation code (a secret only
 * the invitation's addressee received); then family name, given name and birth date, compared with the sealed
 * identity (case, accents, hyphens, apostrophes and repeated spaces ignored, as spoken names are typed). The answer never
 * says which trait failed: a caller could otherwise learn a person's traits one by one through the agent. After
 * {@link #MAX_FAILED_CHECKS} failed checks on one record within {@link #FAILED_CHECKS_WINDOW}, checks on it are refused
 * (the person can still oppose online with their code, or by post). An erased record (opposed, purged) has no identity
 * left to compare: reached by INS it answers as wrong traits, so that no one learns who opposed from an INS; reached
 * by the invitation code (a secret) it says the opposition is registered, and when.
 *
 * <p>Every step is one transaction with its audit entry under the agent's name ({@code OPERATOR}, {@code sub:…}):
 * each check {@code CHECK_CALLER_IDENTITY} (allowed when the traits matched, refused otherwise), the opposition
 * {@code OPPOSE} (rule {@code assisted-opposition}), in the person's access history. The opposition checks the traits
 * again in its own transaction (the form's fields are the agent's, they prove nothing), erases as a self-service
 * opposition does, and queues the receipt's copy in the same transaction: SMS, else e-mail, else a letter to the postal
 * address. Nothing is written unless all of it commits.
 */
public final class AssistedOppositions {
    static final String CONFIRMED = "caller-identity-confirmed";
    static final String NOT_CONFIRMED = "caller-identity-not-confirmed";
    static final String CHECKS_EXHAUSTED = "caller-checks-exhausted";
    static final String ALREADY_OPPOSED = "caller-already-opposed";
    static final String ASSISTED = "assisted-opposition";
    public static final int MAX_FAILED_CHECKS = 5;
    public static final Duration FAILED_CHECKS_WINDOW = Duration.ofHours(24);
    /** A double submission within this delay of the agent's own confirmed check is told "already opposed". */
    static final Duration RECENT_CHECK = Duration.ofMinutes(30);
    static final int MAX_NAME = 100;

    private static final String FIND_BY_CODE = "SELECT ins_hash FROM record WHERE invitation_code_lookup = $1";
    /** Failed checks of the last window, and whether this agent confirmed this identity lately. */
    private static final String PAST_CHECKS = "SELECT count(*) FILTER (WHERE NOT allowed AND rule_id = $2 AND at > $3), "
            + "coalesce(bool_or(allowed AND actor_kind = 'OPERATOR' AND actor_id = $4 AND at > $5), false) "
            + "FROM audit_log WHERE ins_hash = $1 AND action IN ('CHECK_CALLER_IDENTITY', 'OPPOSE') "
            + "AND at > least($3, $5)";
    private static final String RECEIPT = "SELECT opposed_at, window_closes_at FROM opposition_receipt "
            + "WHERE record_id = $1 AND withdrawn_at IS NULL ORDER BY opposed_at DESC LIMIT 1";

    private final PatientTransaction changes;
    private final Lifecycle lifecycle;
    private final RecordLifecycle rules;
    private final Envelope envelope;
    private final InvitationCodes codes;
    private final Outbox outbox;
    private final StoreKernel kernel;

    public AssistedOppositions(StoreKernel kernel, InvitationCodes codes, Outbox outbox) {
        this.kernel = kernel;
        this.changes = new PatientTransaction(kernel.pool(), kernel.insHasher(), kernel.door(), kernel.clock());
        this.rules = kernel.consent().lifecycle(kernel.clock());
        this.lifecycle = new Lifecycle(changes, kernel.envelope(), rules);
        this.envelope = kernel.envelope();
        this.codes = codes;
        this.outbox = outbox;
    }

    /** What the caller says of themself: INS or invitation code, names and birth date. Personal data: never log it. */
    public record CallerTraits(Optional<Ins> ins, Optional<String> invitationCode, String familyName,
                               String givenName, LocalDate birthDate) {
        public CallerTraits {
            if (ins.isPresent() == invitationCode.isPresent()) {
                throw new RecordException.Invalid("identifier", "give the INS or the invitation code, one of them");
            }
            if (invitationCode.isPresent() && (PrintedCodes.normalize(invitationCode.get()).length() != InvitationCodes.LENGTH)) {
                throw new RecordException.Invalid("invitationCode", "must be 12 letters and digits");
            }
            familyName = name("familyName", familyName);
            givenName = name("givenName", givenName);
            if (birthDate == null) {
                throw new RecordException.Invalid("birthDate", "is required");
            }
        }

        private static String name(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new RecordException.Invalid(field, "is required");
            }
            if (value.length() > MAX_NAME) {
                throw new RecordException.Invalid(field, "must be at most " + MAX_NAME + " characters");
            }
            return value.strip();
        }

        @Override
        public String toString() {
            return "CallerTraits[hidden]";
        }
    }

    /** What a check found. */
    public enum Outcome {
        /** The traits match an invitation still open to opposition (the window running, or not started yet). */
        MAY_OPPOSE,
        /** The traits match, but the window is over: the record exists; the person may close it instead. */
        WINDOW_CLOSED,
        /** The invitation (reached by its code, or just confirmed by this agent) is already opposed. */
        ALREADY_OPPOSED,
        /** No invitation matches these traits (never says which trait failed). */
        NOT_CONFIRMED,
        /** Too many failed checks on this record lately: no more checks by phone for now. */
        TOO_MANY_FAILED_CHECKS,
        /**
         * The birth date given is under the own-access age (15): a child does not oppose alone, their parents do from
         * their own space (as on the self-service page). Decided from the typed date, before any lookup.
         */
        UNDER_OWN_ACCESS_AGE
    }

    /**
     * A check's answer: {@code deadline} when the window runs (empty while the invitation is being sent, or when not
     * confirmed); {@code opposedAt} / {@code withdrawalUntil} when already opposed; {@code copyBy}, how the receipt's
     * copy would go (empty: no address, the receipt is only read out).
     */
    public record CallerCheck(Outcome outcome, Optional<Instant> deadline, Optional<Instant> opposedAt,
                              Optional<Instant> withdrawalUntil, Optional<Channel> copyBy) {
        static CallerCheck of(Outcome outcome) {
            return new CallerCheck(outcome, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** The receipt to read out, and how its copy was queued. Personal data (the code): never log it. */
    public record AssistedReceipt(Instant opposedAt, Instant windowClosesAt, String verificationCode,
                                  Optional<Channel> copyBy) {
        @Override
        public String toString() {
            return "AssistedReceipt[" + opposedAt + ", code hidden]";
        }
    }

    /** An opposition's answer: the receipt when it is registered, else the check that stopped it. */
    public record Opposition(CallerCheck check, Optional<AssistedReceipt> receipt) {
    }

    /** Checks the caller's traits against the invitation; audited under {@code agent}. Changes nothing else. */
    public Future<CallerCheck> check(String agent, CallerTraits traits) {
        return run(agent, traits, false).map(Opposition::check);
    }

    /**
     * Checks the traits again and, if the invitation is open to opposition, opposes in the same transaction, with the
     * receipt's copy queued; audited under {@code agent}.
     */
    public Future<Opposition> oppose(String agent, CallerTraits traits) {
        return run(agent, traits, true);
    }

    private Future<Opposition> run(String agent, CallerTraits traits, boolean oppose) {
        if (agent == null || agent.isBlank()) {
            return Future.failedFuture(new RecordException.Invalid("agent", "is required"));
        }
        Instant at = kernel.clock().instant();
        fr.sante.dmp.consent.Decision alone = kernel.door().decideOwnAccess(traits.birthDate(), at);
        if (alone.denied()) {
            byte[] hash = traits.ins().map(kernel.insHasher()::hash).orElse(null);
            return kernel.door().record(new AuditEvent(at, AuditEvent.OPERATOR, agent, null, null,
                            AuditAction.CHECK_CALLER_IDENTITY, hash, null, alone.ruleId(), false, false, null))
                    .map(v -> new Opposition(CallerCheck.of(Outcome.UNDER_OWN_ACCESS_AGE), Optional.empty()));
        }
        return insHash(traits).compose(found -> {
            if (found.isEmpty()) {
                // An unknown code: no record to name; the entry says who looked and that nothing matched.
                Instant now = kernel.clock().instant();
                return kernel.door().record(new AuditEvent(now, AuditEvent.OPERATOR, agent, null, null,
                                AuditAction.CHECK_CALLER_IDENTITY, null, null, NOT_CONFIRMED, false, false, null))
                        .map(v -> new Opposition(CallerCheck.of(Outcome.NOT_CONFIRMED), Optional.empty()));
            }
            byte[] insHash = found.get();
            return changes.<Decided>apply(insHash, (now, hash, step) -> step.value() instanceof Decided d
                                    ? d.entry(now, agent, hash) : notConfirmed().value().entry(now, agent, hash),
                            (tx, rec, now) -> body(tx, rec, now, insHash, agent, traits, oppose))
                    .map(Decided::opposition)
                    // An INS without a record answers as wrong traits (its entry says so, under the agent's name).
                    .recover(e -> e instanceof RecordException.NotFound
                            ? Future.succeededFuture(new Opposition(CallerCheck.of(Outcome.NOT_CONFIRMED),
                            Optional.empty())) : Future.failedFuture(e));
        }).recover(ServiceFailures::fail);
    }

    /** The INS hash of the record the traits name: from the INS, or looked up by the invitation code. */
    private Future<Optional<byte[]>> insHash(CallerTraits traits) {
        if (traits.ins().isPresent()) {
            return Future.succeededFuture(Optional.of(kernel.insHasher().hash(traits.ins().get())));
        }
        return kernel.pool().preparedQuery(FIND_BY_CODE)
                .execute(Tuple.of(Buffer.buffer(codes.lookup(traits.invitationCode().get()))))
                .map(rows -> rows.size() == 0 ? Optional.<byte[]>empty()
                        : Optional.of(rows.iterator().next().getBuffer(0).getBytes()));
    }

    /** What one transaction decided, and the audit entry that records it. */
    private record Decided(Opposition opposition, AuditAction action, boolean allowed, String ruleId) {
        AuditEvent entry(Instant now, String agent, byte[] insHash) {
            return new AuditEvent(now, AuditEvent.OPERATOR, agent, null, null, action, insHash, null, ruleId,
                    allowed, false, null);
        }

        static PatientTransaction.Step<Decided> of(CallerCheck check, AuditAction action, boolean allowed, String ruleId) {
            return PatientTransaction.Step.done(new Decided(new Opposition(check, Optional.empty()), action, allowed, ruleId));
        }
    }

    private Future<PatientTransaction.Step<Decided>> body(SqlConnection tx, LockedRecord rec, Instant now, byte[] insHash,
                                               String agent, CallerTraits traits, boolean oppose) {
        return tx.preparedQuery(PAST_CHECKS).execute(Tuple.of(Buffer.buffer(insHash),
                        NOT_CONFIRMED, time(now.minus(FAILED_CHECKS_WINDOW)), agent, time(now.minus(RECENT_CHECK))))
                .compose(rows -> {
                    Row past = rows.iterator().next();
                    if (past.getLong(0) >= MAX_FAILED_CHECKS) {
                        return done(Decided.of(CallerCheck.of(Outcome.TOO_MANY_FAILED_CHECKS),
                                AuditAction.CHECK_CALLER_IDENTITY, false, CHECKS_EXHAUSTED));
                    }
                    if (rec.identity() == null || rec.wrappedKey() == null) {
                        boolean told = rec.state() == RecordState.OPPOSED
                                && (traits.invitationCode().isPresent() || past.getBoolean(1));
                        return told ? alreadyOpposed(tx, rec, oppose) : done(notConfirmed());
                    }
                    SecretKey key = envelope.unwrap(rec.id(), rec.wrappedKey());
                    Identity person = Identity.open(envelope, key, rec.id(), rec.identity());
                    if (!matches(person, traits)) {
                        return done(notConfirmed());
                    }
                    Contact contact = Contact.open(envelope, key, rec.id(), rec.identity());
                    Optional<Contact.Address> copy = copyTo(contact);
                    Optional<Channel> copyBy = copy.map(Contact.Address::channel);
                    try {
                        rules.oppose(rec.status());
                    } catch (IllegalTransitionException e) {
                        CallerCheck closed = new CallerCheck(Outcome.WINDOW_CLOSED, rec.status().oppositionDeadline(),
                                Optional.empty(), Optional.empty(), copyBy);
                        return done(oppose ? Decided.of(closed, AuditAction.OPPOSE, false, PatientTransaction.LIFECYCLE_CONFLICT)
                                : Decided.of(closed, AuditAction.CHECK_CALLER_IDENTITY, true, CONFIRMED));
                    }
                    CallerCheck open = new CallerCheck(Outcome.MAY_OPPOSE, rec.status().oppositionDeadline(),
                            Optional.empty(), Optional.empty(), copyBy);
                    if (!oppose) {
                        return done(Decided.of(open, AuditAction.CHECK_CALLER_IDENTITY, true, CONFIRMED));
                    }
                    return lifecycle.oppose(tx, rec, now).compose(step -> {
                        OppositionReceipt r = step.value();
                        Future<?> queued = copy.isEmpty() ? Future.succeededFuture()
                                : outbox.enqueue(tx, new OutboundMessage(copy.get().channel(), copy.get().to(),
                                "opposition-receipt", "en".equals(rec.language()) ? Language.en : Language.fr,
                                Map.of("code", r.verificationCode()), "assisted-opposition:" + UUID.randomUUID(),
                                MessageKind.OPPOSITION_RECEIPT));
                        return queued.map(v -> PatientTransaction.Step.done(new Decided(new Opposition(open, Optional.of(
                                new AssistedReceipt(r.opposedAt(), r.windowClosesAt(), r.verificationCode(), copyBy))),
                                AuditAction.OPPOSE, true, ASSISTED)));
                    });
                });
    }

    private Future<PatientTransaction.Step<Decided>> alreadyOpposed(SqlConnection tx, LockedRecord rec, boolean oppose) {
        return tx.preparedQuery(RECEIPT).execute(Tuple.of(rec.id())).map(rows -> {
            Optional<Instant> at = Optional.empty();
            Optional<Instant> until = Optional.empty();
            if (rows.size() > 0) {
                Row r = rows.iterator().next();
                at = Optional.of(r.getOffsetDateTime(0).toInstant());
                until = Optional.of(r.getOffsetDateTime(1).toInstant());
            }
            CallerCheck opposed = new CallerCheck(Outcome.ALREADY_OPPOSED, Optional.empty(), at, until,
                    Optional.empty());
            return Decided.of(opposed, oppose ? AuditAction.OPPOSE : AuditAction.CHECK_CALLER_IDENTITY, false,
                    oppose ? PatientTransaction.LIFECYCLE_CONFLICT : ALREADY_OPPOSED);
        });
    }

    private static PatientTransaction.Step<Decided> notConfirmed() {
        return Decided.of(CallerCheck.of(Outcome.NOT_CONFIRMED), AuditAction.CHECK_CALLER_IDENTITY, false,
                NOT_CONFIRMED);
    }

    private static Future<PatientTransaction.Step<Decided>> done(PatientTransaction.Step<Decided> step) {
        return Future.succeededFuture(step);
    }

    /** The receipt's copy: by SMS, else e-mail (as a self-service opposition's), else a letter to the postal address. */
    static Optional<Contact.Address> copyTo(Contact contact) {
        return contact.address(Channel.SMS)
                .or(() -> contact.postalAddress().map(a -> new Contact.Address(Channel.LETTER, a)));
    }

    /** All traits compared, always, in constant time each: the time taken says nothing of which one failed. */
    static boolean matches(Identity person, CallerTraits traits) {
        boolean family = same(person.familyName(), traits.familyName());
        boolean given = same(person.givenName(), traits.givenName());
        boolean born = same(person.birthDate(), traits.birthDate().toString());
        return family & given & born;
    }

    private static boolean same(String recorded, String typed) {
        return MessageDigest.isEqual(spoken(recorded).getBytes(StandardCharsets.UTF_8),
                spoken(typed).getBytes(StandardCharsets.UTF_8));
    }

    /** A name as said on the phone: no accents, no case, hyphens, apostrophes and spaces as one space. */
    static String spoken(String name) {
        String plain = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-'’]+", " ").strip();
    }

    private static java.time.OffsetDateTime time(Instant at) {
        return PatientTransaction.time(at.truncatedTo(ChronoUnit.MICROS));
    }
}
