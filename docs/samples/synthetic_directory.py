#!/usr/bin/env python3
"""Synthetic extract of the national directory of health professionals, in the public "personne activité" layout.

The layout is that of PS_LibreAcces_Personne_activite_*.txt (annuaire.sante.fr, data.gouv.fr): UTF-8, `|` between
fields and at the end of each line, a header naming the 56 columns. Every person here is invented.

    python3 docs/samples/synthetic_directory.py                 # the small sample (docs/samples/directory-personne-activite.txt)
    python3 docs/samples/synthetic_directory.py --lines 2000000 > /tmp/extract.txt   # a file the size of the real one
"""
import argparse
import sys

HEADER = ("Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
          "Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|"
          "Code profession|Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|"
          "Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|"
          "Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|"
          "Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|"
          "Enseigne commerciale site|Complément destinataire (coord. structure)|"
          "Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|"
          "Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|"
          "Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|"
          "Mention distribution (coord. structure)|Bureau cedex (coord. structure)|"
          "Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|"
          "Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|"
          "Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|"
          "Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|"
          "Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|"
          "Code section tableau pharmaciens|Libellé section tableau pharmaciens|Code rôle|Libellé rôle|"
          "Code genre d'activité|Libellé genre d'activité|")
COLUMNS = HEADER.count("|")

PROFESSIONS = [("10", "Médecin", "DR", "Docteur"), ("21", "Pharmacien", "DR", "Docteur"),
               ("40", "Chirurgien-Dentiste", "DR", "Docteur"), ("50", "Sage-Femme", "", ""),
               ("60", "Infirmier", "", ""), ("70", "Masseur-Kinésithérapeute", "", "")]
SPECIALTIES = [("SM54", "Médecine Générale"), ("SM04", "Cardiologie et maladies vasculaires"),
               ("SM26", "Pédiatrie"), ("SM15", "Gynécologie médicale"), ("SM42", "Psychiatrie")]
FAMILY = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
          "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
          "MOREL", "GIRARD", "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "N'DIAYE"]
GIVEN = ["Marie", "Jean", "Nathalie", "Pierre", "Isabelle", "Michel", "Sylvie", "Philippe", "Catherine", "Éric",
         "Hélène", "Aurélie", "Karim", "Chloé", "Léa", "Hugo", "Inès", "Théo", "Zoé", "Noël"]
TOWNS = [("69123", "69003", "LYON"), ("75056", "75015", "PARIS"), ("13055", "13005", "MARSEILLE"),
         ("31555", "31000", "TOULOUSE"), ("44109", "44000", "NANTES"), ("67482", "67000", "STRASBOURG"),
         ("33063", "33000", "BORDEAUX"), ("59350", "59000", "LILLE"), ("35238", "35000", "RENNES")]


def luhn_digit(payload: str) -> int:
    total, double = 0, True
    for ch in reversed(payload):
        d = int(ch) * (2 if double else 1)
        total += d - 9 if d > 9 else d
        double = not double
    return (10 - total % 10) % 10


def rpps(n: int) -> str:
    payload = "1" + str(n).zfill(9)
    return payload + str(luhn_digit(payload))


def line(number: str, profession, given: str, family: str, specialty, town, kind: str = "8") -> str:
    v = [""] * COLUMNS
    code, label, title_code, title = profession
    v[0], v[1], v[2] = kind, number, (kind + number)
    v[3], v[4] = title_code, title
    v[5], v[6] = ("MME", "Madame") if given[-1] in "eéa" else ("M", "Monsieur")
    v[7], v[8], v[9], v[10], v[11], v[12] = family, given.upper(), code, label, "C", "Civil"
    if specialty:
        v[13], v[14], v[15], v[16] = "S", "Spécialité ordinale", specialty[0], specialty[1]
    v[17], v[18] = "L", "Libéral"
    v[34], v[35], v[36], v[37] = f"{town[1]} {town[2]}", town[1], town[0], town[2]
    v[38], v[39] = "99000", "France"
    v[47] = "CNOM/CNOM/CNOM"
    return "|".join(v) + "|"


def person(i: int):
    """The i-th professional: a bijection from i, so any slice of a big file is reproducible on its own."""
    profession = PROFESSIONS[0] if i % 3 else PROFESSIONS[(i // 3) % len(PROFESSIONS)]
    specialty = SPECIALTIES[(i // 7) % len(SPECIALTIES)] if profession[0] == "10" else None
    return (rpps(100_000 + i), profession, GIVEN[(i * 7) % len(GIVEN)], FAMILY[(i * 13) % len(FAMILY)], specialty,
            TOWNS[(i * 11) % len(TOWNS)])


def sample(out):
    """The development sample: the RPPS the README uses (a physician, a nurse), a few people with two places of practice, and bad lines."""
    print(HEADER, file=out)
    print(line("10001234565", PROFESSIONS[0], "Marie", "LEFÈVRE", SPECIALTIES[0], TOWNS[0]), file=out)
    print(line("10001234565", PROFESSIONS[0], "Marie", "LEFÈVRE", SPECIALTIES[0], TOWNS[1]), file=out)
    print(line("10000000108", PROFESSIONS[4], "Hugo", "MOREAU", None, TOWNS[0]), file=out)
    for i in range(1, 41):
        print(line(*person(i)), file=out)
    # An ADELI professional (not an RPPS: skipped), then three bad lines: a wrong check digit, no name, cut short.
    print(line("0691234567"[:9], PROFESSIONS[4], "Léa", "ROUX", None, TOWNS[0], kind="0"), file=out)
    print(line("10001234566", PROFESSIONS[0], "Jean", "DUPONT", SPECIALTIES[0], TOWNS[2]), file=out)
    print(line(rpps(9001), PROFESSIONS[0], "Jean", "", SPECIALTIES[0], TOWNS[2]), file=out)
    print("8|" + rpps(9002) + "|8" + rpps(9002) + "|DR|Docteur", file=out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, help="a big file of this many activity lines (1.15 per professional)")
    args = parser.parse_args()
    out = sys.stdout
    if args.lines is None:
        sample(out)
        return
    print(HEADER, file=out)
    written, i = 0, 1
    while written < args.lines:
        p = person(i)
        print(line(*p), file=out)
        written += 1
        if i % 7 == 0 and written < args.lines:   # a second place of practice
            print(line(*p[:5], TOWNS[(i + 1) % len(TOWNS)]), file=out)
            written += 1
        i += 1


if __name__ == "__main__":
    main()
