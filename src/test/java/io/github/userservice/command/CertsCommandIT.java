package io.github.userservice.command;

import io.github.userservice.support.JarCommand;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("java -jar user-service.jar certs")
class CertsCommandIT {

  @Test
  @DisplayName("makes the certificate and an owner-only key at tls.certPath and tls.keyPath, and prints the fingerprint")
  void makesCertificate(@TempDir Path dir) throws Exception {
    JarCommand.Result result = JarCommand.run(dir, "certs");

    assertEquals(0, result.status(), result.both());
    Path certificate = dir.resolve("certs/server.crt");
    Path key = dir.resolve("certs/server.key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertTrue(keyOf(certificate, key), "the key is the private half of the certificate's");
    assertTrue(result.out().contains("SHA-256 fingerprint " + fingerprint(certificate)), result.both());
    assertTrue(read(certificate).getSubjectAlternativeNames().stream().anyMatch(name -> name.get(1).equals("localhost")));
    assertFalse(result.out().contains("PRIVATE KEY"), "the key is never printed");
  }

  @Test
  @DisplayName("follows the -conf file and the USER_SERVICE_* variables to the paths they name")
  void configuredPaths(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("other.json"), new JsonObject().put("tls", new JsonObject().put("certPath", "tls/a.crt")).encode());

    JarCommand.Result result = JarCommand.run(dir, Map.of("USER_SERVICE_TLS_KEY_PATH", "tls/a.key"), "certs", "-conf", "other.json");

    assertEquals(0, result.status(), result.both());
    assertTrue(Files.exists(dir.resolve("tls/a.crt")));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/a.key"))));
    assertFalse(Files.exists(dir.resolve("certs")));
  }

  @Test
  @DisplayName("refuses with exit 1 when the key exists, and changes neither file")
  void refusesExistingKey(@TempDir Path dir) throws Exception {
    JarCommand.run(dir, "certs");
    byte[] certificate = Files.readAllBytes(dir.resolve("certs/server.crt"));
    byte[] key = Files.readAllBytes(dir.resolve("certs/server.key"));

    JarCommand.Result again = JarCommand.run(dir, "certs");

    assertEquals(1, again.status(), again.both());
    assertTrue(again.err().contains("exists already: delete both to make new ones"), again.both());
    assertArrayEquals(certificate, Files.readAllBytes(dir.resolve("certs/server.crt")));
    assertArrayEquals(key, Files.readAllBytes(dir.resolve("certs/server.key")));
  }

  @Test
  @DisplayName("refuses with exit 1 when only the certificate exists, and makes no key beside it")
  void refusesExistingCertificate(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("certs"));
    Files.writeString(dir.resolve("certs/server.crt"), "someone's certificate");

    JarCommand.Result result = JarCommand.run(dir, "certs");

    assertEquals(1, result.status(), result.both());
    assertEquals("someone's certificate", Files.readString(dir.resolve("certs/server.crt")));
    assertFalse(Files.exists(dir.resolve("certs/server.key")));
  }

  @Test
  @DisplayName("a wrong argument exits 2 with its usage line, making nothing")
  void wrongArgument(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "certs", "certs/other.crt");

    assertEquals(2, result.status(), result.both());
    assertEquals("unexpected argument 'certs/other.crt'; usage: java -jar user-service.jar certs [-conf FILE]\n", result.err());
    assertFalse(Files.exists(dir.resolve("certs")));
  }

  @Test
  @DisplayName("the service then starts on the certificate made, presenting it")
  void serviceUsesIt(@TempDir Path dir) throws Exception {
    JarCommand.run(dir, "certs");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    try (ServiceProcess service = ServiceProcess.start(dir, Map.of("USER_SERVICE_HTTP_HOST", "127.0.0.1",
      "USER_SERVICE_HTTP_PORT", String.valueOf(port)))) {
      service.awaitLog("TLS certificate SHA-256 " + fingerprint(dir.resolve("certs/server.crt")), Duration.ofSeconds(60));
      assertFalse(service.log().contains("generated a self-signed one"), service.log());
    }
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static String fingerprint(Path certificate) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(read(certificate).getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }

  /** Whether a signature by the PEM key at {@code key} verifies with the certificate's public key. */
  private static boolean keyOf(Path certificate, Path key) throws Exception {
    try (PEMParser pem = new PEMParser(Files.newBufferedReader(key))) {
      PrivateKey privateKey = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) pem.readObject());
      byte[] data = "a test message".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(read(certificate).getPublicKey());
      verifier.update(data);
      return verifier.verify(signature);
    }
  }
}
