package fr.sante.dmp.notify.sms;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text into SMS parts. GSM-7 when every character is in GSM 03.38 (160 septets, or 153 per part with the
 * concatenation header), otherwise UCS-2 (70 characters, or 67 per part). Parts never split an escape sequence or a
 * surrogate pair. Concatenated parts carry an 8-bit-reference UDH (IEI 0x00); the reference is derived from the
 * message's idempotency key, so a resent message reuses it.
 */
public final class SmsEncoding {
    public static final byte DCS_GSM7 = 0x00;
    public static final byte DCS_UCS2 = 0x08;
    private static final int UDH_LENGTH = 6;

    /** @param udhi true when each part starts with a user data header */
    public record Encoded(byte dataCoding, boolean udhi, List<byte[]> parts) {
    }

    /** One received part, decoded. {@code total == 1} for an unsplit message. */
    public record Segment(int reference, int total, int sequence, String text) {
    }

    private SmsEncoding() {
    }

    public static Encoded encode(String text, int reference) {
        return Gsm7.canEncode(text) ? gsm(text, reference) : ucs2(text, reference);
    }

    private static Encoded gsm(String text, int reference) {
        byte[] septets = Gsm7.encode(text);
        if (septets.length <= 160) {
            return new Encoded(DCS_GSM7, false, List.of(septets));
        }
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        while (start < septets.length) {
            int end = Math.min(start + 153, septets.length);
            if (end < septets.length && septets[end - 1] == Gsm7.ESC) {
                end--; // keep the escape with the character it introduces
            }
            ranges.add(new int[] {start, end});
            start = end;
        }
        return new Encoded(DCS_GSM7, true, withHeaders(septets, ranges, reference));
    }

    private static Encoded ucs2(String text, int reference) {
        if (text.length() <= 70) {
            return new Encoded(DCS_UCS2, false, List.of(text.getBytes(StandardCharsets.UTF_16BE)));
        }
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + 67, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            ranges.add(new int[] {start * 2, end * 2});
            start = end;
        }
        return new Encoded(DCS_UCS2, true, withHeaders(text.getBytes(StandardCharsets.UTF_16BE), ranges, reference));
    }

    private static List<byte[]> withHeaders(byte[] body, List<int[]> ranges, int reference) {
        if (ranges.size() > 255) {
            throw new IllegalArgumentException("text too long for a concatenated SMS");
        }
        List<byte[]> parts = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            ByteBuffer b = ByteBuffer.allocate(UDH_LENGTH + r[1] - r[0]);
            b.put((byte) 0x05).put((byte) 0x00).put((byte) 0x03)
                    .put((byte) reference).put((byte) ranges.size()).put((byte) (i + 1))
                    .put(body, r[0], r[1] - r[0]);
            parts.add(b.array());
        }
        return parts;
    }

    /** Decodes one received short message (used by the embedded SMSC and tests). */
    public static Segment decode(byte dataCoding, boolean udhi, byte[] sm) {
        int offset = 0;
        int reference = 0;
        int total = 1;
        int sequence = 1;
        if (udhi && sm.length > 0) {
            int udhl = sm[0] & 0xFF;
            int i = 1;
            while (i < 1 + udhl) {
                int iei = sm[i] & 0xFF;
                int len = sm[i + 1] & 0xFF;
                if (iei == 0x00 && len == 3) {
                    reference = sm[i + 2] & 0xFF;
                    total = sm[i + 3] & 0xFF;
                    sequence = sm[i + 4] & 0xFF;
                } else if (iei == 0x08 && len == 4) {
                    reference = ((sm[i + 2] & 0xFF) << 8) | (sm[i + 3] & 0xFF);
                    total = sm[i + 4] & 0xFF;
                    sequence = sm[i + 5] & 0xFF;
                }
                i += 2 + len;
            }
            offset = 1 + udhl;
        }
        String text = (dataCoding & 0x0F) == DCS_UCS2 || dataCoding == DCS_UCS2
                ? new String(sm, offset, sm.length - offset, StandardCharsets.UTF_16BE)
                : Gsm7.decode(sm, offset, sm.length - offset);
        return new Segment(reference, total, sequence, text);
    }
}
