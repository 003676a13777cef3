package fr.sante.dmp.dev;

import fr.sante.dmp.notify.sms.SmppTransport;
import fr.sante.dmp.notify.sms.SmsEncoding;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process SMSC on loopback for embedded mode and tests: accepts binds, answers submit_sm with message ids,
 * records what it receives (reassembling concatenated parts), and sends delivery receipts back. It can be stopped and
 * restarted on the same port (outage tests) and told to reject submits or report failures. Blocking: start and stop
 * it off the event loop.
 */
public final class EmbeddedSmsc implements ServerMessageReceiverListener, ServerResponseDeliveryListener,
        AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSmsc.class);

    private record Part(String to, String from, SmsEncoding.Segment segment, String reference, String dataCoding) {
    }

    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1_000_000);
    private final List<ReceivedSms> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Part>> pendingParts = new ConcurrentHashMap<>();
    private final Map<String, String> destinationById = new ConcurrentHashMap<>();
    private final Set<String> seenReferences = ConcurrentHashMap.newKeySet();
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "embedded-smsc");
        t.setDaemon(true);
        return t;
    });
    private volatile int rejectStatus;
    private volatile DeliveryReceiptState receiptState = DeliveryReceiptState.DELIVRD;
    private volatile SMPPServerSessionListener listener;
    private volatile boolean running;
    private int port;

    private EmbeddedSmsc() {
    }

    /** Starts listening on 127.0.0.1:{@code port} (0 = any free port). Blocking. */
    public static EmbeddedSmsc start(int port) throws IOException {
        EmbeddedSmsc smsc = new EmbeddedSmsc();
        smsc.listen(port);
        return smsc;
    }

    private synchronized void listen(int wanted) throws IOException {
        LoopbackServerConnectionFactory factory = new LoopbackServerConnectionFactory();
        SMPPServerSessionListener l = new SMPPServerSessionListener(wanted, factory);
        l.setMessageReceiverListener(this);
        l.setResponseDeliveryListener(this);
        l.setPduProcessorDegree(8);
        port = factory.boundPort();
        listener = l;
        running = true;
        Thread acceptor = new Thread(() -> acceptLoop(l), "embedded-smsc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(SMPPServerSessionListener l) {
        while (running && listener == l) {
            try {
                SMPPServerSession s = l.accept();
                sessions.add(s);
                workers.execute(() -> {
                    try {
                        BindRequest bind = s.waitForBind(5_000);
                        bind.accept("dmp-smsc");
                    } catch (Exception e) {
                        LOG.debug("bind not completed: {}", e.getMessage());
                        s.close();
                    }
                });
            } catch (IOException e) {
                return; // listener closed
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Simulates an outage: closes the listener and every bound session. */
    public synchronized void stop() {
        running = false;
        SMPPServerSessionListener l = listener;
        listener = null;
        try {
            if (l != null) {
                l.close();
            }
        } catch (IOException e) {
            LOG.debug("listener close: {}", e.getMessage());
        }
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    /** Listens again on the same port after {@link #stop()}. */
    public synchronized void restart() throws IOException {
        if (!running) {
            listen(port);
        }
    }

    /** Every following submit_sm is answered with this command status (0 = accept again). */
    public void rejectSubmitsWith(int commandStatus) {
        this.rejectStatus = commandStatus;
    }

    /** Final state reported in delivery receipts (DELIVRD by default); null = send no receipts. */
    public void reportReceipts(DeliveryReceiptState state) {
        this.receiptState = state;
    }

    /** Complete messages received, in arrival order. */
    public List<ReceivedSms> messages() {
        return List.copyOf(received);
    }

    /** submit_sm PDUs accepted (one per part). */
    public int submitCount() {
        return submits.get();
    }

    /** Messages received again with a DMP reference already seen (detectable duplicates). */
    public int duplicateCount() {
        return duplicates.get();
    }

    public void clear() {
        received.clear();
        pendingParts.clear();
        seenReferences.clear();
        submits.set(0);
        duplicates.set(0);
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
            throws ProcessRequestException {
        int reject = rejectStatus;
        if (reject != 0) {
            throw new ProcessRequestException("rejected by test configuration", reject);
        }
        String to = (submitSm.getDestAddrTon() == TypeOfNumber.INTERNATIONAL.value() ? "+" : "")
                + submitSm.getDestAddress();
        SmsEncoding.Segment seg = SmsEncoding.decode(submitSm.getDataCoding(), submitSm.isUdhi(),
                submitSm.getShortMessage());
        OptionalParameter ref = submitSm.getOptionalParameter(SmppTransport.TAG_DMP_REFERENCE);
        String reference = ref instanceof OptionalParameter.OctetString os
                ? HexFormat.of().formatHex(os.getValue()) : null;
        String coding = submitSm.getDataCoding() == SmsEncoding.DCS_UCS2 ? "UCS-2" : "GSM-7";
        submits.incrementAndGet();
        collect(new Part(to, submitSm.getSourceAddr(), seg, reference, coding));
        String id = Long.toString(ids.incrementAndGet());
        if (receiptState != null) {
            destinationById.put(id, to);
        }
        try {
            return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
        } catch (Exception e) {
            throw new ProcessRequestException("message id", 0x08);
        }
    }

    private void collect(Part p) {
        if (p.segment().total() <= 1) {
            complete(p, List.of(p));
            return;
        }
        String key = p.to() + "|" + p.reference() + "|" + p.segment().reference() + "|" + p.segment().total();
        List<Part> done = null;
        synchronized (pendingParts) {
            List<Part> parts = pendingParts.computeIfAbsent(key, k -> new ArrayList<>());
            parts.removeIf(x -> x.segment().sequence() == p.segment().sequence()); // a resent part replaces
            parts.add(p);
            if (parts.size() == p.segment().total()) {
                pendingParts.remove(key);
                done = parts;
            }
        }
        if (done != null) {
            done.sort((a, b) -> Integer.compare(a.segment().sequence(), b.segment().sequence()));
            complete(p, done);
        }
    }

    private void complete(Part last, List<Part> parts) {
        StringBuilder text = new StringBuilder();
        for (Part x : parts) {
            text.append(x.segment().text());
        }
        if (last.reference() != null && !seenReferences.add(last.reference())) {
            duplicates.incrementAndGet();
        }
        received.add(new ReceivedSms(last.to(), last.from(), text.toString(), Instant.now(), parts.size(),
                last.reference(), last.dataCoding()));
    }

    @Override
    public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
        DeliveryReceiptState state = receiptState;
        String to = destinationById.remove(result.getMessageId());
        if (state == null || to == null) {
            return;
        }
        workers.execute(() -> sendReceipt(source, result.getMessageId(), to, state));
    }

    private void sendReceipt(SMPPServerSession session, String id, String to, DeliveryReceiptState state) {
        try {
            Date now = new Date();
            DeliveryReceipt r = new DeliveryReceipt(id, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0, now, now,
                    state, state == DeliveryReceiptState.DELIVRD ? "000" : "001", "");
            boolean international = to.startsWith("+");
            session.deliverShortMessage("", international ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.UNKNOWN,
                    international ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN,
                    international ? to.substring(1) : to, TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, "",
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO, r.toString().getBytes(),
                    new OptionalParameter.Receipted_message_id(id));
        } catch (Exception e) {
            LOG.debug("delivery receipt not delivered: {}", e.getMessage());
        }
    }

    @Override
    public void onSubmitSmRespError(SubmitSmResult result, Exception e, SMPPServerSession source) {
        destinationById.remove(result.getMessageId());
    }

    @Override
    public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession source) {
    }

    @Override
    public void onSubmitMultiRespError(SubmitMultiResult result, Exception e, SMPPServerSession source) {
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("submit_multi not supported", 0x03);
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("query_sm not supported", 0x03);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("replace_sm not supported", 0x03);
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("cancel_sm not supported", 0x03);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("broadcast_sm not supported", 0x03);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("cancel_broadcast_sm not supported", 0x03);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                           SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("query_broadcast_sm not supported", 0x03);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm not supported", 0x03);
    }

    @Override
    public void close() {
        stop();
        workers.shutdownNow();
    }
}
