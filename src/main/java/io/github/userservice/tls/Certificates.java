package io.github.userservice.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * X.509 certificates made with BouncyCastle, EC P-256 and SHA-256 throughout, as PEM: a certificate authority, and
 * end-entity certificates it signs or that sign themselves. For the self-signed certificate of a first start and for
 * the cluster's own CA and node certificates.
 */
public final class Certificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and its private key (PKCS #8), both PEM. */
  public record Issued(String certificatePem, String privateKeyPem, X509CertificateHolder certificate, PrivateKey privateKey) {

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubject() + ", private key hidden]";
    }
  }

  private Certificates() {
  }

  /** A certificate authority that signs certificates and nothing else; {@code subject} is a distinguished name. */
  public static Issued authority(String subject, Duration validity) {
    KeyPair keys = ecKeyPair();
    X500Name name = new X500Name(subject);
    return issue(name, keys, name, keys.getPrivate(), validity, builder -> builder
      .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
      .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
  }

  /**
   * A certificate for a TLS end point, {@code subject} a distinguished name, named by {@code names} (its subject
   * alternative names, what clients check), signed by {@code issuer}, or by itself when
   * {@code issuer} is null; {@code purposes} are its extended key usages (server, client or both).
   */
  public static Issued endEntity(String subject, GeneralNames names, Issued issuer, Duration validity, KeyPurposeId... purposes) {
    KeyPair keys = ecKeyPair();
    X500Name name = new X500Name(subject);
    X500Name issuerName = issuer == null ? name : issuer.certificate().getSubject();
    PrivateKey signer = issuer == null ? keys.getPrivate() : issuer.privateKey();
    return issue(name, keys, issuerName, signer, validity, builder -> builder
      .addExtension(Extension.subjectAlternativeName, false, names)
      .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
      .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
      .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes)));
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws IOException;
  }

  private static Issued issue(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey signer, Duration validity, Extensions extensions) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
      builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
      extensions.add(builder);
      X509CertificateHolder certificate = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
      return new Issued(pem(certificate), pem(new JcaPKCS8Generator(keys.getPrivate(), null)), certificate, keys.getPrivate());
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a certificate for " + subject, e);
    }
  }

  private static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
