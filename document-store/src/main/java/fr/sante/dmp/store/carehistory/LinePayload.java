package fr.sante.dmp.store.carehistory;

import fr.sante.dmp.consent.Rpps;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sealed part of a line, in a compact binary form (a JSON object would double the bytes of 2 billion rows):
 * {@code version(1) kind(1) prescriber(8) performer(8) amountCents(8) codeLength(1) code labelLength(2) label}, RPPS as
 * numbers (0 = unknown), amount -1 = unknown, strings UTF-8.
 */
record LinePayload(CareHistoryLine.Kind kind, String code, String label, Optional<Rpps> prescriber,
                   Optional<Rpps> performer, OptionalLong amountCents) {
    private static final byte VERSION = 1;
    static final int MAX_CODE_BYTES = 64;
    static final int MAX_LABEL_BYTES = 1024;

    byte[] encode() {
        byte[] c = code.getBytes(StandardCharsets.UTF_8);
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 1 + 8 + 8 + 8 + 1 + c.length + 2 + l.length)
                .put(VERSION)
                .put((byte) kind.ordinal())
                .putLong(prescriber.map(r -> Long.parseLong(r.value())).orElse(0L))
                .putLong(performer.map(r -> Long.parseLong(r.value())).orElse(0L))
                .putLong(amountCents.orElse(-1L))
                .put((byte) c.length).put(c)
                .putShort((short) l.length).put(l)
                .array();
    }

    static LinePayload decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != VERSION) {
            throw new IllegalStateException("unknown care-line payload version");
        }
        CareHistoryLine.Kind kind = CareHistoryLine.Kind.values()[b.get()];
        Optional<Rpps> prescriber = rpps(b.getLong());
        Optional<Rpps> performer = rpps(b.getLong());
        long amount = b.getLong();
        String code = string(b, b.get() & 0xFF);
        String label = string(b, b.getShort() & 0xFFFF);
        return new LinePayload(kind, code, label, prescriber, performer,
                amount < 0 ? OptionalLong.empty() : OptionalLong.of(amount));
    }

    private static Optional<Rpps> rpps(long n) {
        return n == 0 ? Optional.empty() : Optional.of(new Rpps(String.format("%011d", n)));
    }

    private static String string(ByteBuffer b, int length) {
        byte[] s = new byte[length];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
