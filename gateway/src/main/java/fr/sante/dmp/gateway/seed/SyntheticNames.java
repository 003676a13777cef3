package fr.sante.dmp.gateway.seed;

import java.util.List;

/**
 * Small embedded name lists (frequent French names). Same lists, same order, in {@code loadtest/lib/identity.js}: the
 * shared vectors catch any difference.
 */
final class SyntheticNames {

    static final List<String> MALE = List.of(
            "Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Nicolas", "Christophe",
            "Daniel", "Bernard", "Thomas", "Lucas", "Hugo", "Louis", "Gabriel", "Léo",
            "Paul", "Julien", "Antoine", "Mathieu", "Éric", "Patrick", "François", "Laurent",
            "Olivier", "Sébastien", "Arthur", "Jules", "Nathan", "Raphaël", "Maxime", "Yves");

    static final List<String> FEMALE = List.of(
            "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Monique", "Christine",
            "Sophie", "Julie", "Camille", "Léa", "Manon", "Emma", "Chloé", "Inès",
            "Jade", "Louise", "Alice", "Sarah", "Anne", "Valérie", "Sandrine", "Céline",
            "Aurélie", "Émilie", "Lucie", "Claire", "Juliette", "Zoé", "Hélène", "Agnès");

    static final List<String> FAMILY = List.of(
            "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
            "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
            "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
            "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc",
            "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
            "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
            "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
            "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly");

    private SyntheticNames() {
    }
}
