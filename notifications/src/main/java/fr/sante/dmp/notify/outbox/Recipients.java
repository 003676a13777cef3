package fr.sante.dmp.notify.outbox;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import fr.sante.dmp.notify.letter.PostalAddress;
import java.util.regex.Pattern;

/** Validation of recipient addresses at enqueue time, so a bad address fails the caller's transaction, not later. */
final class Recipients {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    // Deliberately simple: one @, no spaces, a dot in the domain. Import validates more strictly.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    private Recipients() {
    }

    static void check(Channel channel, String recipient) {
        switch (channel) {
            case SMS -> {
                if (!recipient.startsWith("+")) {
                    throw new IllegalArgumentException("recipient: phone must be in E.164 (+33...)");
                }
                try {
                    // A possible number (right length for its country), not a "valid" one: the numbering plan moves
                    // faster than the library, and the blocks reserved for fiction (+33 6 39 98, used by the synthetic
                    // population and the docs) are not "valid". The cohort import checks mobiles strictly; the
                    // provider's receipt reports what cannot be delivered.
                    if (!PHONES.isPossibleNumber(PHONES.parse(recipient, null))) {
                        throw new IllegalArgumentException("recipient: not a possible phone number");
                    }
                } catch (NumberParseException e) {
                    throw new IllegalArgumentException("recipient: not a phone number");
                }
            }
            case EMAIL -> {
                if (recipient.length() > 254 || !EMAIL.matcher(recipient).matches()) {
                    throw new IllegalArgumentException("recipient: not an e-mail address");
                }
            }
            case LETTER -> {
                try {
                    PostalAddress.parse(recipient);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("recipient: not a postal address");
                }
            }
        }
    }
}
