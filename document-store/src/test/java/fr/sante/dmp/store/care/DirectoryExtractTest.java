package fr.sante.dmp.store.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.sante.dmp.store.RecordException;
import org.junit.jupiter.api.Test;

/** Reading lines of the national directory's extract, in its older 52-column layout and with damaged lines. */
class DirectoryExtractTest {
    /** The 52-column layout (before the function and kind of activity columns), with "Libellé civilité exercice". */
    private static final String OLD_HEADER = "Type d'identifiant PP|Identifiant PP|Identification nationale PP|"
            + "Code civilité d'exercice|Libellé civilité exercice|Code civilité|Libellé civilité|Nom d'exercice|"
            + "Prénom d'exercice|Code profession|Libellé profession|Code catégorie professionnelle|"
            + "Libellé catégorie professionnelle|Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|"
            + "Libellé savoir-faire|Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|"
            + "Numéro FINESS site|Numéro FINESS établissement juridique|Identifiant technique de la structure|"
            + "Raison sociale site|Enseigne commerciale site|Complément destinataire (coord. structure)|"
            + "Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|"
            + "Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
            + "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|"
            + "Mention distribution (coord. structure)|Bureau cedex (coord. structure)|"
            + "Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|"
            + "Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|"
            + "Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|"
            + "Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|"
            + "Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
            + "Code section tableau pharmaciens|Libellé section tableau pharmaciens|";

    private static String line(String type, String id, String family, String town, String cedex) {
        String[] v = new String[52];
        java.util.Arrays.fill(v, "");
        v[0] = type;
        v[1] = id;
        v[4] = "Docteur";
        v[7] = family;
        v[8] = "ERIC";
        v[9] = "10";
        v[10] = "Médecin";
        v[15] = "SM49";
        v[16] = "Santé publique et médecine sociale";
        v[34] = cedex;
        v[37] = town;
        return String.join("|", v) + "|";
    }

    @Test
    void theOlderLayoutIsReadByColumnNameAndATownFallsBackOnThePostalOfficeLine() {
        DirectoryExtract extract = DirectoryExtract.header(OLD_HEADER);

        DirectoryExtract.Parsed parsed = extract.parse(line("8", "10001045367", "GUIGNARD", "", "75015 PARIS CEDEX 15"));

        assertThat(parsed).isInstanceOfSatisfying(DirectoryExtract.Entry.class, e -> {
            assertThat(e.entry().title()).contains("Docteur");
            assertThat(e.entry().name()).contains("ERIC GUIGNARD");
            assertThat(e.entry().specialtyCode()).contains("SM49");
            assertThat(e.entry().town()).contains("PARIS");
        });
    }

    @Test
    void adeliLinesAreSkippedAndDamagedLinesAreBadWithTheirReason() {
        DirectoryExtract extract = DirectoryExtract.header(OLD_HEADER);

        assertThat(extract.parse(line("0", "759124159", "DE RUIJTER", "PARIS", "")))
                .isInstanceOf(DirectoryExtract.Skipped.class);
        assertThat(extract.parse(line("8", "1000104536", "GUIGNARD", "PARIS", "")))
                .isInstanceOfSatisfying(DirectoryExtract.Bad.class, b -> assertThat(b.reason()).contains("11 digits"));
        assertThat(extract.parse(line("8", "10001045367", "GUIGNARD", "PAR\uFFFDS", "")))
                .isInstanceOfSatisfying(DirectoryExtract.Bad.class, b -> assertThat(b.reason()).contains("UTF-8"));
        assertThat(extract.parse("8|10001045367|810001045367"))
                .isInstanceOfSatisfying(DirectoryExtract.Bad.class, b -> assertThat(b.reason()).contains("fields"));
        assertThat(extract.parse(line("8", "10001045367", "G".repeat(5000), "PARIS", "")))
                .isInstanceOf(DirectoryExtract.Bad.class);
    }

    @Test
    void aFileWithoutTheNamesColumnIsNotAnExtract() {
        assertThatThrownBy(() -> DirectoryExtract.header("Identifiant PP|Code profession|"))
                .isInstanceOfSatisfying(RecordException.Invalid.class,
                        e -> assertThat(e.getMessage()).contains("Type d'identifiant PP"));
    }

    @Test
    void searchKeysIgnoreAccentsCaseAndPunctuation() {
        assertThat(DirectoryExtract.searchKey("  Lefèvre-Brûlé  N'DIAYE ")).isEqualTo("lefevre brule n diaye");
    }
}
