package fr.sante.dmp.store.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The audit checkpoints' signing key in a hardware security module ({@code DMP_AUDIT_SIGNING_KEY_PKCS11}): an ECDSA
 * P-256 key pair whose private half is generated inside the module, sensitive and not extractable, and signs there
 * (SHA256withECDSA, DER signatures). ECDSA rather than the Ed25519 of in-memory keys: SunPKCS11 in JDK 17 offers no
 * CKM_EDDSA, while every HSM does CKM_ECDSA. The public half is kept in the token as a self-signed certificate under
 * the same label (SunPKCS11's key store finds a private key by the certificate beside it); verifiers need only it.
 * A signature is a call into the module: callers keep it off the event loops.
 */
public final class Pkcs11SigningKey {
    public static final String ALGORITHM = "SHA256withECDSA";
    private static final String VARIABLE = "DMP_AUDIT_SIGNING_KEY_PKCS11";
    private static final String PIN_VARIABLE = "DMP_AUDIT_SIGNING_KEY_PKCS11_PIN (or DMP_MASTER_KEY_PKCS11_PIN)";

    private final Provider provider;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String label;

    private Pkcs11SigningKey(Provider provider, PrivateKey key, PublicKey publicKey, String label) {
        this.provider = provider;
        this.key = key;
        this.publicKey = publicKey;
        this.label = label;
    }

    /**
     * Opens the key pair labelled {@code label} and signs a test message with it, verified by the certificate's public
     * key: a label that names something else, or a certificate that is not the key's, stops here.
     */
    public static Pkcs11SigningKey open(Pkcs11MasterKey.Location where, char[] pin) {
        Provider p = Pkcs11Token.provider(where, VARIABLE);
        KeyStore ks = Pkcs11Token.login(p, where, pin, VARIABLE, PIN_VARIABLE);
        Key k;
        Certificate cert;
        try {
            k = ks.getKey(where.label(), null);
            cert = ks.getCertificate(where.label());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(VARIABLE + ": cannot read the key labelled '" + where.label()
                    + "' in the token: " + Pkcs11Token.rootMessage(e), e);
        }
        if (!(k instanceof PrivateKey priv) || !"EC".equals(k.getAlgorithm()) || cert == null
                || !(cert.getPublicKey() instanceof ECPublicKey pub) || pub.getParams().getCurve().getField()
                .getFieldSize() != 256) {
            throw new IllegalStateException(VARIABLE + ": the token (slot " + where.slotText() + ") holds no EC P-256 "
                    + "key pair labelled '" + where.label() + "': check the label, or create the key with "
                    + "./dmp audit hsm-generate");
        }
        Pkcs11SigningKey opened = new Pkcs11SigningKey(p, priv, pub, where.label());
        byte[] probe = ("dmp:audit-signing-key:probe:" + where.label()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!verifies(pub, probe, opened.sign(probe))) {
            throw new IllegalStateException(VARIABLE + ": the certificate labelled '" + where.label()
                    + "' is not the key's: its signatures would not verify");
        }
        return opened;
    }

    /**
     * Generates an EC P-256 key pair inside the module (private half sensitive, not extractable) and stores it on the
     * token under {@code label} with a self-signed certificate carrying the public half. Refuses a label in use.
     */
    public static Pkcs11SigningKey generate(Pkcs11MasterKey.Location where, char[] pin) {
        Provider p = Pkcs11Token.provider(where, VARIABLE);
        KeyStore ks = Pkcs11Token.login(p, where, pin, VARIABLE, PIN_VARIABLE);
        try {
            if (ks.containsAlias(where.label())) {
                throw new IllegalStateException(VARIABLE + ": the label '" + where.label()
                        + "' is already in use in the token: choose another");
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X500Name name = new X500Name("CN=dmp audit checkpoints"); // the label names it in the token
            Instant now = Instant.now();
            // The certificate only carries the public key (no CA, no chain): its dates and serial are not checked.
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(36_525))), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder(ALGORITHM).setProvider(p).build(pair.getPrivate())));
            ks.setEntry(where.label(), new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {cert}),
                    null);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(VARIABLE + ": cannot generate a key pair in the token: "
                    + Pkcs11Token.rootMessage(e), e);
        }
        return open(where, pin);
    }

    /** The ECDSA signature (DER) of {@code message}, computed inside the module. Blocking: not on an event loop. */
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM, provider);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the HSM did not sign: " + Pkcs11Token.rootMessage(e), e);
        }
    }

    private static boolean verifies(PublicKey pub, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(pub);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The public key (X.509 SubjectPublicKeyInfo in {@code getEncoded()}), for verifiers. */
    public PublicKey publicKey() {
        return publicKey;
    }

    public String label() {
        return label;
    }

    /** The private half as the provider sees it: a handle into the module (its {@code getEncoded()} is null). */
    public PrivateKey privateKeyHandle() {
        return key;
    }

    @Override
    public String toString() {
        return "Pkcs11SigningKey[label=" + label + ", EC P-256]";
    }
}
