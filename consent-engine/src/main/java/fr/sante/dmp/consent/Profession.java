package fr.sante.dmp.consent;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Health professions by their code in the national nomenclature (the {@code profession} claim of a token). */
public enum Profession {
    PHYSICIAN("10"),
    PHARMACIST("21"),
    DENTIST("40"),
    MIDWIFE("50"),
    NURSE("60"),
    PHYSIOTHERAPIST("70"),
    PODIATRIST("80"),
    SPEECH_THERAPIST("91"),
    ORTHOPTIST("92"),
    PSYCHOLOGIST("93"),
    OCCUPATIONAL_THERAPIST("94"),
    DIETITIAN("95"),
    PSYCHOMOTOR_THERAPIST("96"),
    RADIOGRAPHER("98");

    private static final Map<String, Profession> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Profession::code, Function.identity()));

    private final String code;

    Profession(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The profession for a nomenclature code, if it is one. */
    public static java.util.Optional<Profession> lookup(String code) {
        return java.util.Optional.ofNullable(code == null ? null : BY_CODE.get(code.trim()));
    }

    /** The profession for a nomenclature code, or {@link InvalidIdentifierException} naming {@code profession}. */
    public static Profession fromCode(String code) {
        Profession p = code == null ? null : BY_CODE.get(code.trim());
        if (p == null) {
            throw new InvalidIdentifierException("profession", "unknown profession code");
        }
        return p;
    }
}
