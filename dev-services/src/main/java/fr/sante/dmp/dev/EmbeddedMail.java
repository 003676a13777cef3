package fr.sante.dmp.dev;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** GreenMail SMTP on loopback, accepting any sender without authentication; reads back what it received. */
public final class EmbeddedMail implements AutoCloseable {
    private final GreenMail greenMail;

    private EmbeddedMail(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Blocking: call off the event loop. {@code port} 0 = any free port. */
    public static EmbeddedMail start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail gm = new GreenMail(port == 0 ? setup.dynamicPort() : setup)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        gm.start();
        return new EmbeddedMail(gm);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The raw received messages (tests inspect headers). */
    public MimeMessage[] received() {
        return greenMail.getReceivedMessages();
    }

    /** Received e-mails as inbox entries (text part as body). Blocking parsing: call off the event loop. */
    public List<InboxMessage> messages() {
        List<InboxMessage> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
                Instant at = m.getReceivedDate() != null ? m.getReceivedDate().toInstant()
                        : m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.now();
                out.add(new InboxMessage("email", to, m.getSubject(), text(m), at));
            } catch (Exception e) {
                out.add(new InboxMessage("email", "?", "(unreadable)", e.getClass().getSimpleName(), Instant.now()));
            }
        }
        return out;
    }

    /** The text/plain part of a message (first found, depth first). */
    public static String text(Part p) throws Exception {
        if (p.isMimeType("text/plain")) {
            return String.valueOf(p.getContent());
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                String t = text(b);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Forgets every received message (tests). */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("could not purge the mailboxes", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
