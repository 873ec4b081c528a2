package io.github.userservice.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.junit5.VertxExtension;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.net.ssl.X509KeyManager;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("The server's key and certificate as TLS options")
class PemKeyManagerTest {

  @Test
  @DisplayName("a PKCS #8 key (what the service generates) is presented with its certificate")
  void pkcs8(Vertx vertx) throws Exception {
    LocalhostCertificate generated = LocalhostCertificate.generate();

    X509KeyManager presented = keyManager(vertx, generated.certificatePem(), generated.privateKeyPem());

    assertArrayEquals(pkcs8Key(generated.privateKeyPem()).getEncoded(), presented.getPrivateKey(presented.getServerAliases("EC", null)[0]).getEncoded());
    assertEquals(certificate(generated.certificatePem()), presented.getCertificateChain(presented.getServerAliases("EC", null)[0])[0]);
  }

  @Test
  @DisplayName("an EC key in SEC 1 PEM ('EC PRIVATE KEY', as openssl ecparam writes it) is read too")
  void sec1(Vertx vertx) throws Exception {
    LocalhostCertificate generated = LocalhostCertificate.generate();
    PrivateKey key = pkcs8Key(generated.privateKeyPem());
    String sec1 = sec1Pem(key);
    assertEquals("EC PRIVATE KEY", pemType(sec1));

    X509KeyManager presented = keyManager(vertx, generated.certificatePem(), sec1);

    // the same private value; the encoding may differ (SEC 1 carries the public key along)
    assertEquals(((java.security.interfaces.ECPrivateKey) key).getS(),
      ((java.security.interfaces.ECPrivateKey) presented.getPrivateKey(presented.getServerAliases("EC", null)[0])).getS());
  }

  @Test
  @DisplayName("an RSA key in PKCS #1 PEM ('RSA PRIVATE KEY', as older openssl genrsa writes it) is read too")
  void pkcs1(Vertx vertx) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    String pkcs1 = traditionalPem(keys.getPrivate());
    assertEquals("RSA PRIVATE KEY", pemType(pkcs1));

    X509KeyManager presented = keyManager(vertx, selfSignedRsa(keys), pkcs1);

    assertArrayEquals(keys.getPrivate().getEncoded(), presented.getPrivateKey(presented.getServerAliases("RSA", null)[0]).getEncoded());
  }

  @Test
  @DisplayName("a key file without a private key, or a certificate file without a certificate, stops start-up with what is wrong")
  void unusable() {
    LocalhostCertificate generated = LocalhostCertificate.generate();
    Buffer certificate = Buffer.buffer(generated.certificatePem());

    IllegalStateException noKey = assertThrows(IllegalStateException.class,
      () -> PemKeyManager.keyCertOptions(certificate, Buffer.buffer(generated.certificatePem())));
    assertTrue(noKey.getMessage().contains("no unencrypted PEM private key"), noKey.getMessage());
    IllegalStateException noCertificate = assertThrows(IllegalStateException.class,
      () -> PemKeyManager.keyCertOptions(Buffer.buffer(""), Buffer.buffer(generated.privateKeyPem())));
    assertTrue(noCertificate.getMessage().contains("certificate"), noCertificate.getMessage());
  }

  private static X509KeyManager keyManager(Vertx vertx, String certificatePem, String keyPem) throws Exception {
    KeyCertOptions options = PemKeyManager.keyCertOptions(Buffer.buffer(certificatePem), Buffer.buffer(keyPem));
    return (X509KeyManager) options.getKeyManagerFactory(vertx).getKeyManagers()[0];
  }

  private static String pemType(String pem) throws Exception {
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      return reader.readPemObject().getType();
    }
  }

  private static PrivateKey pkcs8Key(String pem) throws Exception {
    String base64 = String.join("", pem.lines().filter(line -> !line.startsWith("-----")).toList());
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes()));
  }

  /** As openssl writes an EC key: SEC 1's ECPrivateKey with its curve and public key. */
  private static String sec1Pem(PrivateKey key) throws Exception {
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(key.getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
    ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(), pkcs8.getPrivateKeyAlgorithm().getParameters());
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
    }
    return out.toString();
  }

  /** BouncyCastle writes an RSA private key in its traditional form, PKCS #1. */
  private static String traditionalPem(PrivateKey key) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }
    return out.toString();
  }

  private static String selfSignedRsa(KeyPair keys) throws Exception {
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        name, BigInteger.ONE, Date.from(now), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
      .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
