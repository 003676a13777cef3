package fr.sante.dmp.notify.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmsEncodingTest {

    private static String reassemble(SmsEncoding.Encoded e) {
        StringBuilder b = new StringBuilder();
        for (byte[] part : e.parts()) {
            b.append(SmsEncoding.decode(e.dataCoding(), e.udhi(), part).text());
        }
        return b.toString();
    }

    @Test
    void gsmAlphabetTableHas128Septets() {
        assertThat(Gsm7.basicSize()).isEqualTo(128);
    }

    @Test
    void frenchTextWithGsmAccentsStaysGsm7InOnePart() {
        String text = "Votre code Mon espace santé : 123456. Il est valable 5 minutes. Déjà là, où ? Ça va.";
        SmsEncoding.Encoded e = SmsEncoding.encode(text, 7);
        assertThat(e.dataCoding()).isEqualTo(SmsEncoding.DCS_GSM7);
        assertThat(e.udhi()).isFalse();
        assertThat(e.parts()).hasSize(1);
        assertThat(reassemble(e)).isEqualTo(text);
    }

    @Test
    void exactly160GsmCharactersFitOnePartAnd161NeedTwoOf153() {
        assertThat(SmsEncoding.encode("a".repeat(160), 1).parts()).hasSize(1);
        SmsEncoding.Encoded two = SmsEncoding.encode("a".repeat(161), 1);
        assertThat(two.parts()).hasSize(2);
        assertThat(two.parts().get(0)).hasSize(6 + 153);
        assertThat(reassemble(two)).isEqualTo("a".repeat(161));
    }

    @Test
    void extensionCharactersCostTwoSeptetsAndAreNeverSplit() {
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        SmsEncoding.Encoded e = SmsEncoding.encode(text, 3);
        assertThat(e.dataCoding()).isEqualTo(SmsEncoding.DCS_GSM7);
        byte[] first = e.parts().get(0);
        assertThat(first[first.length - 1]).as("no dangling escape").isNotEqualTo((byte) 0x1B);
        assertThat(reassemble(e)).isEqualTo(text);
    }

    @Test
    void characterOutsideGsm0338SwitchesToUcs2() {
        String text = "Vous pouvez être informé à tout moment, même en août : c'est votre espace numérique de santé. "
                + "Ce message long doit être découpé en plusieurs parties et réassemblé à l'identique.";
        SmsEncoding.Encoded e = SmsEncoding.encode(text, 42);
        assertThat(Gsm7.canEncode(text)).isFalse();
        assertThat(e.dataCoding()).isEqualTo(SmsEncoding.DCS_UCS2);
        assertThat(e.udhi()).isTrue();
        assertThat(e.parts()).hasSize((text.length() + 66) / 67);
        List<SmsEncoding.Segment> segs = e.parts().stream()
                .map(p -> SmsEncoding.decode(e.dataCoding(), true, p)).toList();
        assertThat(segs).allSatisfy(s -> {
            assertThat(s.reference()).isEqualTo(42);
            assertThat(s.total()).isEqualTo(e.parts().size());
        });
        assertThat(segs.get(0).sequence()).isEqualTo(1);
        assertThat(e.parts()).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(140));
        assertThat(reassemble(e)).isEqualTo(text);
    }

    @Test
    void surrogatePairsAreNeverSplitAcrossParts() {
        String text = "x".repeat(66) + "😀" + "y".repeat(10);
        SmsEncoding.Encoded e = SmsEncoding.encode(text, 9);
        assertThat(e.dataCoding()).isEqualTo(SmsEncoding.DCS_UCS2);
        assertThat(reassemble(e)).isEqualTo(text);
        assertThat(SmsEncoding.decode(e.dataCoding(), true, e.parts().get(0)).text()).hasSize(66);
    }
}
