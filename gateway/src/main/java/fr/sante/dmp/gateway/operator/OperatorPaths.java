package fr.sante.dmp.gateway.operator;

import java.util.UUID;

/** URLs of the operators' pages (French paths, like the patient space). */
public final class OperatorPaths {
    public static final String ROOT = "/operateur";
    public static final String LOGIN = ROOT + "/connexion";
    public static final String LOGOUT = ROOT + "/deconnexion";
    public static final String CAMPAIGNS = ROOT + "/campagnes";

    private OperatorPaths() {
    }

    public static String campaign(UUID id) {
        return CAMPAIGNS + "/" + id;
    }

    public static String rejections(UUID id) {
        return campaign(id) + "/rejets.csv";
    }
}
