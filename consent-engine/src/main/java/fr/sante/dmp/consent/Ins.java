package fr.sante.dmp.consent;

/**
 * Identifiant national de santé: the person's NIR, 13 characters and a 2-digit key (97 - number mod 97, with Corsica's
 * 2A and 2B counted as 19 and 18). Valid at birth; {@link #toString()} hides the value so it never reaches a log.
 */
public record Ins(String value) {

    public Ins {
        validate(value);
    }

    /** Parses an INS or throws {@link InvalidIdentifierException} naming the field {@code ins}. */
    public static Ins parse(String raw) {
        return new Ins(raw == null ? null : raw.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** The key (two digits) for a 13-character number; Corsica's 2A/2B become 19/18 before the computation. */
    public static int key(String number13) {
        String digits = number13.substring(0, 5) + corsicaDigits(number13.substring(5, 7)) + number13.substring(7, 13);
        long n = Long.parseLong(digits);
        return (int) (97 - (n % 97));
    }

    /** Sex digit: 1 man, 2 woman (3, 4, 7, 8 for temporary and foreign-born numbers). */
    public char sexDigit() {
        return value.charAt(0);
    }

    /**
     * The département of birth the number encodes (characters 6 and 7: "75", "2A", "971" is "97", "99" born abroad):
     * the only place of the person the platform holds, coarse enough for research extracts.
     */
    public String birthDepartment() {
        return value.substring(5, 7);
    }

    @Override
    public String toString() {
        return "Ins[***]";
    }

    // ASCII only: Character.isDigit and Long.parseLong also accept other scripts' digits, which would let two
    // spellings of one INS through as different values.
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String corsicaDigits(String department) {
        return switch (department) {
            case "2A" -> "19";
            case "2B" -> "18";
            default -> department;
        };
    }

    private static void validate(String v) {
        if (v == null || v.length() != 15) {
            throw new InvalidIdentifierException("ins", "must be 15 characters (13 for the number, 2 for the key)");
        }
        String department = v.substring(5, 7);
        boolean corsica = department.equals("2A") || department.equals("2B");
        for (int i = 0; i < 15; i++) {
            boolean inDepartment = i == 5 || i == 6;
            if (!isAsciiDigit(v.charAt(i)) && !(inDepartment && corsica)) {
                throw new InvalidIdentifierException("ins", "only digits are allowed, except 2A or 2B for a Corsican department");
            }
        }
        char sex = v.charAt(0);
        if ("123478".indexOf(sex) < 0) {
            throw new InvalidIdentifierException("ins", "the first digit (sex) must be 1, 2, 3, 4, 7 or 8");
        }
        int month = Integer.parseInt(v.substring(3, 5));
        if (month == 0 || (month > 12 && month < 20) || (month > 42 && month < 50)) {
            throw new InvalidIdentifierException("ins", "the month of birth (positions 4-5) is not valid");
        }
        int key = Integer.parseInt(v.substring(13, 15));
        if (key != key(v.substring(0, 13))) {
            throw new InvalidIdentifierException("ins", "the key (last two digits) does not match the number");
        }
    }
}
