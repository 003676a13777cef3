package fr.sante.dmp.store.care;

import java.util.Optional;

/**
 * A professional as the national directory of health professionals (RPPS) describes them, or as far as the platform
 * knows them: a professional seen only through a token has an RPPS and a profession but no name.
 *
 * @param rpps            the 11-digit RPPS
 * @param title           the title they practise under ("Docteur"), if any
 * @param familyName      the name they practise under
 * @param givenName       the given name they practise under
 * @param professionCode  the national nomenclature's code ("10" physician)
 * @param professionLabel its French label as the directory spells it
 * @param specialtyCode   the specialty ("savoir-faire", "SM54"), if any
 * @param specialtyLabel  its French label ("Médecine générale"), if any
 * @param town            the town of their (last listed) place of practice, if any
 */
public record DirectoryEntry(String rpps, Optional<String> title, Optional<String> familyName,
                             Optional<String> givenName, String professionCode, Optional<String> professionLabel,
                             Optional<String> specialtyCode, Optional<String> specialtyLabel, Optional<String> town) {

    /** "Marie MARTIN", or empty when the directory has no name for them. */
    public Optional<String> name() {
        if (familyName.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(givenName.map(g -> g + " ").orElse("") + familyName.get());
    }
}
