package fr.sante.dmp.notify.sms;

import fr.sante.dmp.notify.NotifyOptions;
import fr.sante.dmp.notify.dispatch.ReceiptRecorder;
import fr.sante.dmp.notify.dispatch.SendResult;
import fr.sante.dmp.notify.dispatch.Transport;
import fr.sante.dmp.notify.outbox.Channel;
import fr.sante.dmp.notify.outbox.ClaimedMessage;
import fr.sante.dmp.notify.outbox.MessageKind;
import fr.sante.dmp.notify.template.RenderedMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS over SMPP 3.4 with jSMPP, a blocking library: every network call runs on this transport's own worker threads,
 * never on an event loop. One transceiver bind carries submits and delivery receipts; when the link drops it is
 * re-established with exponential backoff while the dispatcher leaves SMS queued ({@link #ready()} is false).
 */
public final class SmppTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(SmppTransport.class);
    /** Vendor-specific TLV (SMPP 3.4 §5.3.2: 0x1400-0x3FFF) with 16 bytes of the idempotency-key hash. */
    public static final short TAG_DMP_REFERENCE = 0x1501;
    /** Provider statuses worth retrying: system error, queue full, submit failed, throttled. */
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(0x08, 0x14, 0x45, 0x58);
    /** OTP codes are worthless after 5 minutes: ask the SMSC not to deliver them later (relative validity). */
    private static final String OTP_VALIDITY = "000000000500000R";

    private final Vertx vertx;
    private final NotifyOptions.Smpp settings;
    private final WorkerExecutor senders;
    private final WorkerExecutor link;
    private final Throttle throttle;
    private final DeliveryReceiptListener receiptListener;
    private volatile SMPPSession session;
    private volatile boolean closing;
    private long reconnectDelayMs;

    private SmppTransport(Vertx vertx, NotifyOptions.Smpp settings, ReceiptRecorder receipts) {
        this.vertx = vertx;
        this.settings = settings;
        this.senders = vertx.createSharedWorkerExecutor("dmp-smpp-send-" + System.identityHashCode(this),
                settings.senderThreads());
        this.link = vertx.createSharedWorkerExecutor("dmp-smpp-link-" + System.identityHashCode(this), 1);
        this.throttle = new Throttle(settings.throughputPerSecond());
        this.receiptListener = new DeliveryReceiptListener(receipts);
        this.reconnectDelayMs = settings.reconnectMin().toMillis();
    }

    /** Creates the transport and starts binding in the background (the dispatcher waits for {@link #ready()}). */
    public static SmppTransport start(Vertx vertx, NotifyOptions.Smpp settings, ReceiptRecorder receipts) {
        SmppTransport t = new SmppTransport(vertx, settings, receipts);
        t.connect();
        return t;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean ready() {
        SMPPSession s = session;
        return s != null && s.getSessionState() == SessionState.BOUND_TRX;
    }

    private void connect() {
        if (closing) {
            return;
        }
        link.<SMPPSession>executeBlocking(() -> {
            SMPPSession s = new SMPPSession();
            s.setTransactionTimer(settings.submitTimeout().toMillis());
            s.setEnquireLinkTimer(15_000);
            s.setPduProcessorDegree(Math.max(4, settings.senderThreads()));
            s.setMessageReceiverListener(receiptListener);
            s.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX,
                    settings.systemId(), settings.password(), "dmp", TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.UNKNOWN, null), settings.submitTimeout().toMillis());
            s.addSessionStateListener((newState, oldState, source) -> {
                if (newState == SessionState.CLOSED && source == session && !closing) {
                    LOG.warn("SMPP link to {}:{} closed; reconnecting", settings.host(), settings.port());
                    scheduleReconnect();
                }
            });
            return s;
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                session = ar.result();
                reconnectDelayMs = settings.reconnectMin().toMillis();
                LOG.info("SMPP bound (transceiver) to {}:{}", settings.host(), settings.port());
                if (closing) {
                    link.executeBlocking(() -> {
                        ar.result().unbindAndClose();
                        return null;
                    });
                }
            } else {
                LOG.warn("SMPP bind to {}:{} failed: {}; retrying in {} ms", settings.host(), settings.port(),
                        ar.cause().getMessage(), reconnectDelayMs);
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (this) {
            delay = reconnectDelayMs;
            reconnectDelayMs = Math.min(settings.reconnectMax().toMillis(), reconnectDelayMs * 2);
        }
        vertx.setTimer(Math.max(1, delay), id -> connect());
    }

    @Override
    public Future<SendResult> send(ClaimedMessage m, RenderedMessage rendered) {
        SMPPSession s = session;
        if (s == null || s.getSessionState() != SessionState.BOUND_TRX) {
            return Future.succeededFuture(new SendResult.Unavailable("smpp link down"));
        }
        return senders.executeBlocking(() -> submit(s, m, rendered), false);
    }

    private SendResult submit(SMPPSession s, ClaimedMessage m, RenderedMessage rendered) {
        SmsEncoding.Encoded enc = SmsEncoding.encode(rendered.sms(), m.keyHash()[0] & 0xFF);
        ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
                enc.udhi() ? GSMSpecificFeature.UDHI : GSMSpecificFeature.DEFAULT);
        OptionalParameter ref = new OptionalParameter.OctetString(TAG_DMP_REFERENCE,
                java.util.Arrays.copyOf(m.keyHash(), 16));
        String validity = m.kind() == MessageKind.OTP ? OTP_VALIDITY : null;
        // E.164 without '+', international TON: the form SMSCs expect.
        String destination = m.recipient().substring(1);
        List<String> ids = new ArrayList<>(enc.parts().size());
        try {
            for (byte[] part : enc.parts()) {
                throttle.acquire();
                ids.add(s.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN,
                        settings.sourceAddress(), TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                        destination, esm, (byte) 0, (byte) 1, null, validity,
                        new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                        DataCodings.newInstance(enc.dataCoding()), (byte) 0, part, ref).getMessageId());
            }
            return new SendResult.Accepted(ids);
        } catch (NegativeResponseException e) {
            String reason = String.format("submit_sm rejected: status 0x%08X", e.getCommandStatus());
            return TRANSIENT_STATUS.contains(e.getCommandStatus())
                    ? new SendResult.Transient(reason) : new SendResult.Permanent(reason);
        } catch (ResponseTimeoutException e) {
            // The SMSC may have accepted it: retrying risks a duplicate, giving up risks a loss. We retry (see docs).
            return new SendResult.Transient("submit_sm response timeout");
        } catch (IOException e) {
            return ids.isEmpty() ? new SendResult.Unavailable("smpp link down: " + e.getClass().getSimpleName())
                    : new SendResult.Transient("smpp link lost after " + ids.size() + " parts");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Unavailable("interrupted");
        } catch (Exception e) {
            return new SendResult.Transient("smpp " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Future<Void> close() {
        closing = true;
        SMPPSession s = session;
        Future<Void> unbind = s == null ? Future.succeededFuture() : link.executeBlocking(() -> {
            s.unbindAndClose();
            return null;
        });
        return unbind.eventually(() -> senders.close()).eventually(() -> link.close());
    }
}
