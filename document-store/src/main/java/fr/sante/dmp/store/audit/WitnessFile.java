package fr.sante.dmp.store.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Signed head checkpoints written outside the database: one line per checkpoint this process signed, appended and
 * fsync'd on a worker thread once the checkpoint row is committed. A database-only attacker who rolls checkpoints
 * back, cuts the tail or rewrites entries (even with the chain key) cannot touch these lines, and the verifier checks
 * each against the database. In a deployment of several instances, each appends its own file (its own checkpoints);
 * copy them to a WORM store or to the DPO to keep them from the host's administrators too.
 * <p>
 * Line format (ASCII): {@code v1 <seq> <hash, hex> <at, µs since the epoch> <every> <key id, hex> <signature,
 * base64>}. A last line without its newline (a crash while writing) is ignored.
 */
public final class WitnessFile {
    private static final String VERSION = "v1";
    private static final HexFormat HEX = HexFormat.of();
    /** Bytes read per page when verifying: a few thousand lines. */
    static final int PAGE_BYTES = 1 << 20;

    private final Path path;

    public WitnessFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** One signed checkpoint as written. */
    record Line(Checkpoint checkpoint, byte[] keyId, byte[] signature) {
        String format() {
            Checkpoint c = checkpoint;
            return VERSION + " " + c.seq() + " " + HEX.formatHex(c.hash()) + " "
                    + ChronoUnit.MICROS.between(Instant.EPOCH, c.at()) + " " + c.every() + " " + HEX.formatHex(keyId)
                    + " " + Base64.getEncoder().encodeToString(signature) + "\n";
        }

        /** A line as read back; throws IllegalArgumentException when it is not one. */
        static Line parse(String text) {
            String[] f = text.trim().split(" ");
            if (f.length != 7 || !VERSION.equals(f[0])) {
                throw new IllegalArgumentException("not a witness line");
            }
            Checkpoint c = new Checkpoint(Long.parseLong(f[1]), HEX.parseHex(f[2]),
                    Instant.EPOCH.plus(Long.parseLong(f[3]), ChronoUnit.MICROS), Integer.parseInt(f[4]));
            return new Line(c, HEX.parseHex(f[5]), Base64.getDecoder().decode(f[6]));
        }
    }

    /**
     * One page of the file from {@code offset}: its complete lines ({@code null} for a line that does not parse: the
     * caller reports it) and the offset of the next page, -1 at the end.
     */
    record Page(List<Line> lines, List<Long> unreadable, long next) {
    }

    /** Appends the line and forces it to disk, off the event loop; writes are ordered. */
    Future<Void> append(Vertx vertx, Line line) {
        byte[] bytes = line.format().getBytes(StandardCharsets.US_ASCII);
        return vertx.executeBlocking(() -> {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            return null;
        }, true);
    }

    /** Reads a page off the event loop. A missing file is an empty one. */
    Future<Page> read(Vertx vertx, long offset) {
        return vertx.executeBlocking(() -> readPage(offset), false);
    }

    Page readPage(long offset) throws IOException {
        byte[] chunk;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset >= size) {
                return new Page(List.of(), List.of(), -1);
            }
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(PAGE_BYTES, size - offset));
            while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                // read until the page is full
            }
            chunk = b.array();
        } catch (NoSuchFileException e) {
            return new Page(List.of(), List.of(), -1);
        }
        List<Line> lines = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                String text = new String(chunk, start, i - start, StandardCharsets.US_ASCII);
                if (!text.isBlank()) {
                    try {
                        lines.add(Line.parse(text));
                    } catch (RuntimeException e) {
                        unreadable.add(offset + start);
                    }
                }
                start = i + 1;
            }
        }
        if (start == 0 && chunk.length == PAGE_BYTES) {
            throw new IOException("a witness line longer than " + PAGE_BYTES + " bytes");
        }
        boolean end = offset + chunk.length >= Files.size(path);
        return new Page(lines, unreadable, end ? -1 : offset + start);
    }
}
