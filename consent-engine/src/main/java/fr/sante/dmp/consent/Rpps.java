package fr.sante.dmp.consent;

/**
 * A health professional's national identifier (RPPS): 11 digits, the last a Luhn check digit. Pro Santé Connect tokens
 * carry it prefixed by {@code 8}; {@link #parse(String)} accepts both forms.
 */
public record Rpps(String value) {

    public Rpps {
        if (value == null || value.length() != 11 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidIdentifierException("rpps", "must be 11 digits");
        }
        if (!luhnValid(value)) {
            throw new InvalidIdentifierException("rpps", "the check digit (Luhn) does not match");
        }
    }

    /** Parses an RPPS, or a 12-character national identifier {@code 8 + RPPS}. */
    public static Rpps parse(String raw) {
        if (raw == null) {
            throw new InvalidIdentifierException("rpps", "is required");
        }
        String v = raw.trim();
        if (v.length() == 12 && v.charAt(0) == '8') {
            v = v.substring(1);
        }
        return new Rpps(v);
    }

    /** The Luhn check digit for the first digits of an identifier. */
    public static int luhnCheckDigit(String payload) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    private static boolean luhnValid(String v) {
        return luhnCheckDigit(v.substring(0, v.length() - 1)) == v.charAt(v.length() - 1) - '0';
    }
}
