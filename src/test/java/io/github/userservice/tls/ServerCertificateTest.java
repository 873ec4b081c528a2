package io.github.userservice.tls;

import io.github.userservice.config.ServiceConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The server certificate")
class ServerCertificateTest {

  @Test
  @DisplayName("missing files are replaced by a self-signed EC P-256 certificate for localhost, 127.0.0.1 and ::1")
  void selfSigned(@TempDir Path dir) throws Exception {
    ServerCertificate certificate = ServerCertificate.load(tls(dir, true));

    X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
      .generateCertificate(new ByteArrayInputStream(certificate.certificate().getBytes()));
    assertEquals("EC", x509.getPublicKey().getAlgorithm());
    Set<String> names = x509.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).collect(Collectors.toSet());
    assertTrue(names.contains("localhost"), names::toString);
    assertTrue(names.contains("127.0.0.1"), names::toString);
    assertTrue(names.stream().anyMatch(name -> name.equals("0:0:0:0:0:0:0:1") || name.equals("::1")), names::toString);
    assertTrue(x509.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(825))));
    assertTrue(certificate.sha256Fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), certificate.sha256Fingerprint());
  }

  @Test
  @DisplayName("the generated private key is owner-only (0600)")
  void ownerOnlyKey(@TempDir Path dir) throws Exception {
    ServerCertificate.load(tls(dir, true));

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))));
  }

  @Test
  @DisplayName("existing files are used as they are")
  void existingFiles(@TempDir Path dir) {
    String first = ServerCertificate.load(tls(dir, true)).sha256Fingerprint();

    assertEquals(first, ServerCertificate.load(tls(dir, true)).sha256Fingerprint());
  }

  @Test
  @DisplayName("a private key open to other users stops start-up")
  void worldReadableKey(@TempDir Path dir) throws Exception {
    ServerCertificate.load(tls(dir, true));
    Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));

    IllegalStateException error = assertThrows(IllegalStateException.class, () -> ServerCertificate.load(tls(dir, true)));
    assertTrue(error.getMessage().contains("chmod 600"), error.getMessage());
  }

  @Test
  @DisplayName("without the files and with generation switched off, start-up fails")
  void noGeneration(@TempDir Path dir) {
    assertThrows(RuntimeException.class, () -> ServerCertificate.load(tls(dir, false)));
    assertFalse(Files.exists(dir.resolve("server.key")));
  }

  @Test
  @DisplayName("the private key is a PKCS #8 EC key and never shows in toString")
  void keyHidden() throws Exception {
    LocalhostCertificate generated = LocalhostCertificate.generate();
    List<String> keyLines = generated.privateKeyPem().lines().filter(line -> !line.startsWith("-----")).toList();

    PrivateKey key = KeyFactory.getInstance("EC")
      .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(String.join("", keyLines))));
    assertEquals("EC", key.getAlgorithm());
    String shown = generated.toString();
    assertTrue(keyLines.stream().noneMatch(shown::contains), shown);
  }

  private static ServiceConfig.Tls tls(Path dir, boolean generate) {
    return new ServiceConfig.Tls(dir.resolve("server.crt").toString(), dir.resolve("server.key").toString(), generate, "openssl");
  }
}
