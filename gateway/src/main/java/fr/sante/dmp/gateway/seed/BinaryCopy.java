package fr.sante.dmp.gateway.seed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * One table's rows in PostgreSQL's binary COPY format (header, tuples of length-prefixed fields, trailer), built in
 * memory by a producer thread and streamed as is by the writer. Binary rather than text: bytea goes as raw bytes
 * instead of doubled hex, and nothing is parsed on the server side.
 */
final class BinaryCopy {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in microseconds since the Unix epoch. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final int width;
    private byte[] buf;
    private int len;
    private long rows;

    /** @param width the fields of each row: the columns of the table's COPY statement ({@link SeedSchema}) */
    BinaryCopy(int width, int initialCapacity) {
        this.width = width;
        buf = new byte[Math.max(64, initialCapacity)];
        put(HEADER, 0, HEADER.length);
    }

    BinaryCopy row() {
        rows++;
        return short16(width);
    }

    BinaryCopy uuid(UUID id) {
        int32(16);
        long64(id.getMostSignificantBits());
        return long64(id.getLeastSignificantBits());
    }

    BinaryCopy bytes(byte[] value) {
        if (value == null) {
            return nul();
        }
        int32(value.length);
        put(value, 0, value.length);
        return this;
    }

    BinaryCopy text(String value) {
        return value == null ? nul() : bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    BinaryCopy time(Instant at) {
        if (at == null) {
            return nul();
        }
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        int32(8);
        return long64(micros - PG_EPOCH_MICROS);
    }

    BinaryCopy bool(boolean value) {
        int32(1);
        ensure(1);
        buf[len++] = (byte) (value ? 1 : 0);
        return this;
    }

    BinaryCopy int8(long value) {
        int32(8);
        return long64(value);
    }

    BinaryCopy int4(int value) {
        int32(4);
        return int32(value);
    }

    BinaryCopy nul() {
        return int32(-1);
    }

    long rows() {
        return rows;
    }

    /** The complete COPY stream (with its trailer); the buffer is not to be written to afterwards. */
    byte[] finish() {
        short16(-1);
        return Arrays.copyOf(buf, len);
    }

    private BinaryCopy short16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    private BinaryCopy int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    private BinaryCopy long64(long v) {
        int32((int) (v >>> 32));
        return int32((int) v);
    }

    private void put(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
