package fr.sante.dmp.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the notifications module needs, read once by the gateway. A {@code null} channel setting disables that
 * channel: its messages stay queued until a transport is configured.
 *
 * @param smpp       SMS provider link, or null
 * @param smtp       mail relay, or null
 * @param letters    postal letters' export folder and batching, or null (letters then stay queued)
 * @param dispatch   batching, retries, leases
 * @param payloadKey 32 bytes: AES-256-GCM key for recipient addresses and parameters at rest. It must be stable across
 *                   restarts (queued messages are encrypted with it).
 */
public record NotifyOptions(Smpp smpp, Smtp smtp, Letters letters, Dispatch dispatch, byte[] payloadKey) {

    /** Without postal letters. */
    public NotifyOptions(Smpp smpp, Smtp smtp, Dispatch dispatch, byte[] payloadKey) {
        this(smpp, smtp, null, dispatch, payloadKey);
    }

    public NotifyOptions withLetters(Letters letters) {
        return new NotifyOptions(smpp, smtp, letters, dispatch, payloadKey);
    }

    public NotifyOptions {
        Objects.requireNonNull(dispatch, "dispatch");
        if (payloadKey == null || payloadKey.length != 32) {
            throw new IllegalArgumentException("payloadKey must be 32 bytes");
        }
        payloadKey = payloadKey.clone();
    }

    @Override
    public byte[] payloadKey() {
        return payloadKey.clone();
    }

    @Override
    public String toString() {
        return "NotifyOptions[smpp=" + smpp + ", smtp=" + smtp + ", letters=" + letters + ", dispatch=" + dispatch
                + "]";
    }

    /**
     * Postal letters, exported as PDF batches for a mail house.
     *
     * @param exportDir      where batches (PDF + manifest) are published; the mail house takes a batch once its
     *                       manifest exists
     * @param lettersPerFile at most this many letters (pages) per PDF; also one claim of the letter channel
     * @param linger         how long a partial batch waits for more letters before it is written
     * @param renderThreads  worker threads rendering batches in parallel
     */
    public record Letters(java.nio.file.Path exportDir, int lettersPerFile, Duration linger, int renderThreads) {
        public Letters {
            Objects.requireNonNull(exportDir, "letters.exportDir");
            Objects.requireNonNull(linger, "letters.linger");
            if (lettersPerFile < 1 || lettersPerFile > 1000 || renderThreads < 1) {
                throw new IllegalArgumentException("letters.lettersPerFile 1..1000, letters.renderThreads >= 1");
            }
        }

        /** 1,000 letters per file (the mail house's batch), 2 s linger, 2 render threads. */
        public static Letters of(java.nio.file.Path exportDir) {
            return new Letters(exportDir, 1000, Duration.ofSeconds(2), 2);
        }
    }

    /**
     * SMPP 3.4 link (bind transceiver).
     *
     * @param throughputPerSecond submit_sm per second allowed by the provider's contract; 0 = no limit
     * @param senderThreads       concurrent submit_sm in flight (jSMPP is synchronous per call)
     * @param sourceAddress       alphanumeric sender id (max 11 characters) shown on the phone
     */
    public record Smpp(String host, int port, String systemId, String password, String sourceAddress,
                       int throughputPerSecond, int senderThreads, Duration submitTimeout, Duration reconnectMin,
                       Duration reconnectMax) {
        public Smpp {
            Objects.requireNonNull(host, "smpp.host");
            Objects.requireNonNull(systemId, "smpp.systemId");
            if (sourceAddress == null || sourceAddress.isEmpty() || sourceAddress.length() > 11) {
                throw new IllegalArgumentException("smpp.sourceAddress must be 1..11 characters");
            }
            if (throughputPerSecond < 0 || senderThreads < 1) {
                throw new IllegalArgumentException("smpp.throughputPerSecond >= 0 and smpp.senderThreads >= 1");
            }
        }

        /** Defaults: sender "MonEspSante", no throughput limit, 32 senders (measured: docs/BENCHMARKS.md), 5 s timeout, reconnect 200 ms..10 s. */
        public static Smpp of(String host, int port, String systemId, String password) {
            return new Smpp(host, port, systemId, password, "MonEspSante", 0, 32, Duration.ofSeconds(5),
                    Duration.ofMillis(200), Duration.ofSeconds(10));
        }

        public Smpp withThroughput(int perSecond) {
            return new Smpp(host, port, systemId, password, sourceAddress, perSecond, senderThreads, submitTimeout,
                    reconnectMin, reconnectMax);
        }

        @Override
        public String toString() {
            return "Smpp[" + host + ":" + port + ", systemId=" + systemId + ", tps=" + throughputPerSecond + "]";
        }
    }

    /**
     * SMTP relay.
     *
     * @param from            sender address, e.g. {@code Mon espace santé <ne-pas-repondre@monespacesante.fr>}
     * @param messageIdDomain right-hand side of our deterministic Message-IDs
     * @param unsubscribeUrl  List-Unsubscribe target for non-legal messages; null = never add the header
     * @param username        null for no authentication
     */
    public record Smtp(String host, int port, String from, String messageIdDomain, String unsubscribeUrl,
                       String username, String password, boolean startTls, int maxConnections) {
        public Smtp {
            Objects.requireNonNull(host, "smtp.host");
            Objects.requireNonNull(from, "smtp.from");
            Objects.requireNonNull(messageIdDomain, "smtp.messageIdDomain");
            if (maxConnections < 1) {
                throw new IllegalArgumentException("smtp.maxConnections >= 1");
            }
        }

        public static Smtp of(String host, int port, String from) {
            return new Smtp(host, port, from, "notify.monespacesante.fr", null, null, null, false, 8);
        }

        public Smtp withUnsubscribeUrl(String url) {
            return new Smtp(host, port, from, messageIdDomain, url, username, password, startTls, maxConnections);
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", auth=" + (username != null) + "]";
        }
    }

    /**
     * @param batchSize       messages claimed per round trip
     * @param loopsPerChannel independent claim/send/record loops per channel and instance (overlap DB and network)
     * @param maxAttempts     attempts before DEAD
     * @param baseBackoff     first retry delay (doubles each attempt, with jitter)
     * @param maxBackoff      cap of the retry delay
     * @param lease           how long a claimed batch is ours without renewal (renewed every third of it while we live);
     *                        after a crash, another instance resends the batch once it has expired
     * @param pollInterval    idle wait between claims when the queue was empty
     * @param sweepInterval   how often leases are recovered and receipts applied
     * @param sendTimeout     a send the SMSC or relay has not answered by then is given up as transient (retried with
     *                        backoff): a reply that never comes must not hold its batch, and with it the channel's
     *                        loop, for ever ({@code git show baafc61:docs/BENCHMARKS.md}, "Session 6")
     */
    public record Dispatch(int batchSize, int loopsPerChannel, int maxAttempts, Duration baseBackoff,
                           Duration maxBackoff, Duration lease, Duration pollInterval, Duration sweepInterval,
                           Duration sendTimeout) {
        public Dispatch {
            if (batchSize < 1 || loopsPerChannel < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("dispatch.batchSize, loopsPerChannel, maxAttempts must be >= 1");
            }
        }

        /**
         * 200 per batch, 2 loops, 8 attempts, 30 s doubling up to 1 h, 2 min lease, 250 ms poll, 1 s sweep, a send
         * unanswered after 60 s given up as transient.
         */
        public static Dispatch defaults() {
            return new Dispatch(200, 2, 8, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(2),
                    Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(60));
        }

        public Dispatch withRetries(int maxAttempts, Duration baseBackoff) {
            return new Dispatch(batchSize, loopsPerChannel, maxAttempts, baseBackoff, maxBackoff, lease, pollInterval,
                    sweepInterval, sendTimeout);
        }

        public Dispatch withBatch(int batchSize, int loopsPerChannel) {
            return new Dispatch(batchSize, loopsPerChannel, maxAttempts, baseBackoff, maxBackoff, lease, pollInterval,
                    sweepInterval, sendTimeout);
        }

        public Dispatch withSendTimeout(Duration sendTimeout) {
            return new Dispatch(batchSize, loopsPerChannel, maxAttempts, baseBackoff, maxBackoff, lease, pollInterval,
                    sweepInterval, sendTimeout);
        }

        public Dispatch withLease(Duration lease) {
            return new Dispatch(batchSize, loopsPerChannel, maxAttempts, baseBackoff, maxBackoff, lease, pollInterval,
                    sweepInterval, sendTimeout);
        }
    }
}
