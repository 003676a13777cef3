package fr.sante.dmp.notify.outbox;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecipientsTest {

    @Test
    void aFictionalFrenchMobileFromTheReservedBlockIsAccepted() {
        assertThatCode(() -> Recipients.check(Channel.SMS, "+33639980001")).doesNotThrowAnyException();
        assertThatCode(() -> Recipients.check(Channel.SMS, "+33612345678")).doesNotThrowAnyException();
    }

    @Test
    void aNumberOfImpossibleLengthOrWithoutCountryCodeIsRefusedNamingTheRecipient() {
        assertThatThrownBy(() -> Recipients.check(Channel.SMS, "+336123"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("recipient:");
        assertThatThrownBy(() -> Recipients.check(Channel.SMS, "0612345678"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("recipient:");
    }
}
