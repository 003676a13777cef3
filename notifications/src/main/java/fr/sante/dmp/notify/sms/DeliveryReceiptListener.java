package fr.sante.dmp.notify.sms;

import fr.sante.dmp.notify.dispatch.ReceiptRecorder;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.util.DeliveryReceiptState;

/**
 * Turns deliver_sm delivery receipts into outbox receipts. Runs on jSMPP's PDU threads (blocking allowed) and waits
 * until the receipt is committed before answering deliver_sm_resp: if we crash first, the SMSC sends it again.
 */
final class DeliveryReceiptListener implements MessageReceiverListener {
    private static final int ESME_RSYSERR = 0x08;
    private final ReceiptRecorder receipts;

    DeliveryReceiptListener(ReceiptRecorder receipts) {
        this.receipts = receipts;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        if (!deliverSm.isSmscDeliveryReceipt()) {
            return; // mobile-originated messages are not part of this service
        }
        String id;
        DeliveryReceiptState state;
        String error;
        try {
            DeliveryReceipt r = deliverSm.getShortMessageAsDeliveryReceipt();
            id = r.getId();
            state = r.getFinalStatus();
            error = r.getError();
        } catch (Exception e) {
            throw new ProcessRequestException("unreadable delivery receipt", ESME_RSYSERR);
        }
        OptionalParameter receipted = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        if (receipted instanceof OptionalParameter.OctetString s) {
            id = s.getValueAsString();
        }
        Boolean delivered = switch (state) {
            case DELIVRD -> Boolean.TRUE;
            case UNDELIV, EXPIRED, DELETED, REJECTD -> Boolean.FALSE;
            default -> null; // intermediate (ENROUTE, ACCEPTD, UNKNOWN): wait for the final one
        };
        if (delivered == null) {
            return;
        }
        try {
            receipts.record(id.trim(), delivered, "dlr " + state + (error == null ? "" : " err " + error))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ProcessRequestException("receipt not recorded", ESME_RSYSERR);
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm not supported", 0x03);
    }
}
