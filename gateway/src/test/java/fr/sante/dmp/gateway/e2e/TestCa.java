package fr.sante.dmp.gateway.e2e;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made for one test run (BouncyCastle), issuing server and client certificates as PEM files. */
final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private final X500Name name;
    private final KeyPair keys;
    final X509Certificate certificate;
    final Path dir;

    /** A PEM certificate and its PKCS#8 PEM key. */
    record Issued(Path certificate, Path key) {
    }

    TestCa(Path dir, String commonName) throws Exception {
        this.dir = dir;
        this.name = new X500Name("CN=" + commonName);
        this.keys = rsa();
        X509v3CertificateBuilder b = builder(name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.certificate = sign(b);
    }

    Path certificatePem() throws IOException {
        return write(dir.resolve(slug() + "-ca.pem"), pem(certificate));
    }

    Issued server() throws Exception {
        KeyPair k = rsa();
        X509v3CertificateBuilder b = builder(new X500Name("CN=localhost"), k)
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return issue("server", sign(b), k);
    }

    /** A server certificate naming only this host (no address): a client that checks names refuses it elsewhere. */
    Issued server(String dnsName) throws Exception {
        KeyPair k = rsa();
        X509v3CertificateBuilder b = builder(new X500Name("CN=" + dnsName), k)
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        new GeneralName(GeneralName.dNSName, dnsName)))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return issue("server-" + SERIAL.incrementAndGet(), sign(b), k);
    }

    Issued client(String commonName) throws Exception {
        KeyPair k = rsa();
        X509v3CertificateBuilder b = builder(new X500Name("CN=" + commonName), k)
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return issue("client-" + SERIAL.incrementAndGet(), sign(b), k);
    }

    private Issued issue(String what, X509Certificate cert, KeyPair k) throws IOException {
        StringWriter key = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(key)) {
            w.writeObject(new JcaPKCS8Generator(k.getPrivate(), null));
        }
        return new Issued(write(dir.resolve(slug() + "-" + what + ".pem"), pem(cert)),
                write(dir.resolve(slug() + "-" + what + "-key.pem"), key.toString()));
    }

    private X509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws OperatorCreationException,
            GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private String slug() {
        return name.toString().replaceAll("[^A-Za-z0-9]", "");
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
