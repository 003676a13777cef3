package fr.sante.dmp.notify.sms;

/**
 * GSM 03.38 default alphabet and its extension table, one septet per octet (the "unpacked" form SMPP uses with
 * data_coding 0). Characters of the extension table cost two septets (escape + code).
 */
public final class Gsm7 {
    static final int ESC = 0x1B;
    /** Index = septet value. 0x1B is the escape to the extension table, not a character. */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXT_CHARS = "\f^{}\\[~]|€";
    private static final byte[] EXT_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    private Gsm7() {
    }

    static int basicSize() {
        return BASIC.length();
    }

    /** True if every character is in GSM 03.38 (basic or extension table). */
    public static boolean canEncode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESC || (BASIC.indexOf(c) < 0 && EXT_CHARS.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** Unpacked septets; call only when {@link #canEncode} is true. */
    static byte[] encode(String s) {
        byte[] out = new byte[s.length() * 2];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int b = BASIC.indexOf(c);
            if (b >= 0 && b != ESC) {
                out[n++] = (byte) b;
            } else {
                int e = EXT_CHARS.indexOf(c);
                if (e < 0) {
                    throw new IllegalArgumentException("character outside GSM 03.38");
                }
                out[n++] = ESC;
                out[n++] = EXT_CODES[e];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    static String decode(byte[] septets, int offset, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int v = septets[i] & 0x7F;
            if (v == ESC && i + 1 < offset + length) {
                int code = septets[++i] & 0x7F;
                char c = '?';
                for (int k = 0; k < EXT_CODES.length; k++) {
                    if (EXT_CODES[k] == code) {
                        c = EXT_CHARS.charAt(k);
                    }
                }
                b.append(c);
            } else {
                b.append(BASIC.charAt(v));
            }
        }
        return b.toString();
    }
}
