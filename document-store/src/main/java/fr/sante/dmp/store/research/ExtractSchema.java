package fr.sante.dmp.store.research;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The description that travels with every extract: {@code schema.json} (a Frictionless Table Schema per file, which
 * tools validate the CSV against) and {@code data-dictionary.md} (what each column means, in French and English).
 */
final class ExtractSchema {
    private ExtractSchema() {
    }

    private static final String[][] PERSONS = {
        {"pseudonym", "string", "HMAC-SHA256 du hachage de l'INS sous la clé du projet (128 bits, hex) ; stable dans le projet, "
            + "sans lien entre projets", "HMAC-SHA256 of the INS hash under the project's key (128 bits, hex): stable "
            + "within the project, unlinkable across projects"},
        {"age_band", "string", "Tranche d'âge de 5 ans à la date de l'extraction (90+ regroupé)",
            "Five-year age band on the extract's date (90 and over together)"},
        {"sex", "string", "M, F, ou * (inconnu)", "M, F, or * (unknown)"},
        {"department", "string", "Département de naissance codé dans l'INS (99 : né à l'étranger) ; * si généralisé "
            + "pour la k-anonymat", "Département of birth encoded in the INS (99: born abroad); * when generalised "
            + "for k-anonymity"},
    };
    private static final String[][] DOCUMENTS = {
        PERSONS[0],
        {"period", "string", "Mois du dépôt (AAAA-MM), ou l'année (AAAA) si généralisé", "Month of deposit (YYYY-MM), or "
            + "the year (YYYY) when generalised"},
        {"document_class", "string", "Classe du document (code LOINC)", "Document class (LOINC code)"},
        {"author_profession", "string", "Profession de l'auteur (nomenclature nationale), patient pour ses propres "
            + "dépôts, vide si inconnue", "Author's profession (national nomenclature), patient for the person's own "
            + "deposits, empty when unknown"},
    };
    private static final String[][] CARE = {
        PERSONS[0],
        {"period", "string", "Mois des soins (AAAA-MM), ou l'année (AAAA) si généralisé", "Month of care (YYYY-MM), or "
            + "the year when generalised"},
        {"code", "string", "Code de l'acte ou du médicament remboursé (CCAM, CIP…)", "Code of the reimbursed act or "
            + "drug (CCAM, CIP…)"},
    };

    static void write(Path dir, ResearchProject project) throws IOException {
        JsonObject schema = new JsonObject()
                .put("project", new JsonObject().put("id", project.id().toString()).put("name", project.name())
                        .put("legalBasis", project.legalBasis()).put("period", new JsonObject()
                                .put("from", project.periodStart().toString()).put("to", project.periodEnd().toString()))
                        .put("k", project.k()))
                .put("resources", new JsonArray()
                        .add(resource(ExtractFiles.PERSONS, PERSONS, "pseudonym"))
                        .add(resource(ExtractFiles.DOCUMENTS, DOCUMENTS, null))
                        .add(resource(ExtractFiles.CARE_HISTORY, CARE, null)));
        Files.writeString(dir.resolve("schema.json"), schema.encodePrettily());
        StringBuilder md = new StringBuilder("# Dictionnaire des données / Data dictionary\n\n")
                .append("Projet / project: ").append(project.name()).append(" (").append(project.id()).append(")\n\n")
                .append("Jamais dans l'extraction / never in the extract: noms, INS, RPPS, texte libre, contenus / ")
                .append("names, INS, RPPS, free text, contents.\n");
        table(md, ExtractFiles.PERSONS, PERSONS);
        table(md, ExtractFiles.DOCUMENTS, DOCUMENTS);
        table(md, ExtractFiles.CARE_HISTORY, CARE);
        Files.writeString(dir.resolve("data-dictionary.md"), md);
    }

    private static JsonObject resource(String file, String[][] columns, String primaryKey) {
        JsonArray fields = new JsonArray();
        for (String[] c : columns) {
            fields.add(new JsonObject().put("name", c[0]).put("type", c[1]).put("description", c[3]));
        }
        JsonObject schema = new JsonObject().put("fields", fields);
        if (primaryKey != null) {
            schema.put("primaryKey", primaryKey);
        }
        return new JsonObject().put("path", file).put("format", "csv").put("compression", "gz")
                .put("encoding", "utf-8").put("schema", schema);
    }

    private static void table(StringBuilder md, String file, String[][] columns) {
        md.append("\n## ").append(file).append("\n\n| colonne / column | français | English |\n|---|---|---|\n");
        for (String[] c : columns) {
            md.append("| ").append(c[0]).append(" | ").append(c[2]).append(" | ").append(c[3]).append(" |\n");
        }
    }
}
