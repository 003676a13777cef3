package fr.sante.dmp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void nulControlCharactersAndHalfCharactersAreRefusedNamingTheField() {
        for (String bad : new String[] {"a\u0000b", "a\u0007b", "a\u001bb", "a\u0085b", "a\ud800b", "a\udc00", "\ud83d"}) {
            assertThatThrownBy(() -> Text.line("title", bad)).isInstanceOfSatisfying(RecordException.Invalid.class,
                    e -> assertThat(e.field()).isEqualTo("title"));
        }
        assertThatThrownBy(() -> Text.lines("freeText", "ligne\u0000")).isInstanceOf(RecordException.Invalid.class);
    }

    @Test
    void lettersAccentsEmojiAndLineBreaksWhereAllowedPass() {
        Text.line("familyName", "Lefèvre-Ørsted 😀 l'Œuvre");
        Text.lines("freeText", "Ligne 1\r\nLigne 2\tfin");
        assertThatThrownBy(() -> Text.line("title", "Ligne 1\nLigne 2")).isInstanceOf(RecordException.Invalid.class);
    }

    @Test
    void phonesAreE164AndEmailsOneLine() {
        Text.phone("phone", "+33612345678");
        for (String bad : new String[] {"0612345678", "<script>x</script>", "+0612345678", "+33 6 12 34 56 78", ""}) {
            assertThatThrownBy(() -> Text.phone("phone", bad)).isInstanceOf(RecordException.Invalid.class);
        }
        assertThat(Text.isEmail("camille.martin+dmp@example.org")).isTrue();
        for (String bad : new String[] {"a@b.fr\r\nBcc: x@y.fr", "a b@c.fr", "a@b", "@b.fr", "a".repeat(65) + "@b.fr"}) {
            assertThat(Text.isEmail(bad)).as(bad).isFalse();
        }
    }
}
