package fr.sante.dmp.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Test data builders: actors, consent settings, requests and documents, with sensible defaults. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Ins INS = Ins.parse("185057512345673");
    static final ConsentEngine ENGINE = ConsentEngine.withDefaultPolicy();

    static final Rpps DOCTOR = rpps("1000123456");
    static final Rpps OTHER_DOCTOR = rpps("1000000001");
    static final Rpps TREATING = rpps("1012345678");
    static final Rpps AUTHOR = rpps("1099999999");

    private Fixtures() {
    }

    /** A valid RPPS from its first ten digits (the Luhn digit is computed). */
    static Rpps rpps(String tenDigits) {
        return new Rpps(tenDigits + Rpps.luhnCheckDigit(tenDigits));
    }

    static Actor.Patient patient() {
        return new Actor.Patient(INS);
    }

    static Actor.Professional pro(Rpps rpps, Profession profession) {
        return Actor.Professional.of(rpps, profession);
    }

    static Actor.Professional physician(Rpps rpps) {
        return pro(rpps, Profession.PHYSICIAN);
    }

    static Actor.Professional withCategory(Rpps rpps, Profession profession, ActorCategory category) {
        return new Actor.Professional(rpps, profession, Optional.empty(), category);
    }

    static Consent consent() {
        return new Consent();
    }

    static Req request(Actor actor) {
        return new Req(actor);
    }

    static Doc doc(DocumentClass documentClass) {
        return new Doc(documentClass);
    }

    /** Builder of {@link ConsentSettings}. */
    static final class Consent {
        private final Set<Rpps> blocked = new HashSet<>();
        private Optional<Rpps> treating = Optional.empty();
        private boolean emergencyOpposed;
        private final Set<Rpps> express = new HashSet<>();

        Consent blocking(Rpps rpps) {
            blocked.add(rpps);
            return this;
        }

        Consent treatingDoctor(Rpps rpps) {
            treating = Optional.of(rpps);
            return this;
        }

        Consent emergencyAccessOpposed() {
            emergencyOpposed = true;
            return this;
        }

        Consent expressConsentTo(Rpps rpps) {
            express.add(rpps);
            return this;
        }

        ConsentSettings build() {
            return new ConsentSettings(blocked, treating, emergencyOpposed, express);
        }
    }

    /** Builder of {@link AccessRequest}: by default a CARE read on an ACTIVE record with default settings, now. */
    static final class Req {
        private final Actor actor;
        private Action action = Action.READ_DOCUMENT;
        private RecordState state = RecordState.ACTIVE;
        private ConsentSettings consent = ConsentSettings.DEFAULT;
        private Purpose purpose = Purpose.CARE;
        private Optional<String> reason = Optional.empty();
        private Instant at = NOW;
        private boolean inCareContext = true;

        Req(Actor actor) {
            this.actor = actor;
        }

        Req action(Action a) {
            action = a;
            return this;
        }

        Req state(RecordState s) {
            state = s;
            return this;
        }

        Req consent(Consent c) {
            consent = c.build();
            return this;
        }

        Req consent(ConsentSettings c) {
            consent = c;
            return this;
        }

        /** By default a professional holds a live care context on the record; this one does not. */
        Req withoutCareContext() {
            inCareContext = false;
            return this;
        }

        Req breakGlass(String why) {
            purpose = Purpose.BREAK_GLASS;
            reason = Optional.ofNullable(why);
            return this;
        }

        Req at(Instant when) {
            at = when;
            return this;
        }

        AccessRequest build() {
            ConsentSettings settings = inCareContext && actor instanceof Actor.Professional pro
                    ? consent.withCareContext(pro.rpps()) : consent;
            return new AccessRequest(actor, action, state, settings, purpose, reason, at);
        }
    }

    /** Builder of {@link DocumentFacts}: by default deposited a year ago by {@link #AUTHOR}, not masked. */
    static final class Doc {
        private final DocumentClass documentClass;
        private Optional<Rpps> author = Optional.of(AUTHOR);
        private Instant depositedAt = NOW.minus(Duration.ofDays(365));
        private boolean masked;
        private boolean withheld;
        private Optional<Instant> releasedAt = Optional.empty();

        Doc(DocumentClass documentClass) {
            this.documentClass = documentClass;
        }

        Doc by(Rpps rpps) {
            author = Optional.of(rpps);
            return this;
        }

        Doc byPatient() {
            author = Optional.empty();
            return this;
        }

        Doc masked() {
            masked = true;
            return this;
        }

        Doc withheld() {
            withheld = true;
            return this;
        }

        Doc depositedAt(Instant when) {
            depositedAt = when;
            return this;
        }

        Doc releasedAt(Instant when) {
            releasedAt = Optional.of(when);
            return this;
        }

        DocumentFacts build() {
            return new DocumentFacts("doc-" + documentClass.loinc(), documentClass, author, depositedAt, masked,
                    withheld, releasedAt);
        }
    }
}
