package io.github.userservice.command;

import io.github.userservice.support.JarCommand;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("java -jar user-service.jar cluster-certs DIR NAME...")
class ClusterCertsCommandIT {

  @Test
  @DisplayName("makes the CA and a certificate per node it signed, keys owner-only in an owner-only folder")
  void makesCertificates(@TempDir Path dir) throws Exception {
    JarCommand.Result result = JarCommand.run(dir, "cluster-certs", "certs", "edge-1", "store-1");

    assertEquals(0, result.status(), result.both());
    Path certs = dir.resolve("certs");
    assertEquals("rwx------", mode(certs));
    X509Certificate ca = read(certs.resolve("ca.crt"));
    for (String node : new String[] {"edge-1", "store-1"}) {
      X509Certificate certificate = read(certs.resolve(node + ".crt"));
      certificate.verify(ca.getPublicKey());
      assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=" + node));
      assertEquals("rw-------", mode(certs.resolve(node + ".key")));
      assertTrue(result.out().contains("made certs/" + node + ".crt and certs/" + node + ".key"), result.both());
    }
    assertEquals("rw-------", mode(certs.resolve("ca.key")));
    assertFalse(result.out().contains("PRIVATE KEY"), "no key is printed");
  }

  @Test
  @DisplayName("run again, it keeps the CA and the nodes it has, and signs new nodes with the same CA")
  void keepsWhatExists(@TempDir Path dir) throws Exception {
    JarCommand.run(dir, "cluster-certs", "certs", "edge-1");
    byte[] ca = Files.readAllBytes(dir.resolve("certs/ca.crt"));
    byte[] edge = Files.readAllBytes(dir.resolve("certs/edge-1.key"));

    JarCommand.Result again = JarCommand.run(dir, "cluster-certs", "certs", "edge-1", "hasher-1");

    assertEquals(0, again.status(), again.both());
    assertTrue(again.out().contains("certs/edge-1.crt exists: kept"), again.both());
    assertArrayEquals(ca, Files.readAllBytes(dir.resolve("certs/ca.crt")));
    assertArrayEquals(edge, Files.readAllBytes(dir.resolve("certs/edge-1.key")));
    read(dir.resolve("certs/hasher-1.crt")).verify(read(dir.resolve("certs/ca.crt")).getPublicKey());
  }

  @Test
  @DisplayName("a name that is not a node name exits 2 naming it, before anything is made")
  void wrongName(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "cluster-certs", "certs", "edge-1", "../edge-2");

    assertEquals(2, result.status(), result.both());
    assertTrue(result.err().contains("'../edge-2' is not a node name"), result.both());
    assertFalse(Files.exists(dir.resolve("certs")));
  }

  @Test
  @DisplayName("without a node name it exits 2 with its usage line")
  void noNode(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "cluster-certs", "certs");

    assertEquals(2, result.status(), result.both());
    assertTrue(result.err().startsWith("usage: java -jar user-service.jar cluster-certs DIR NAME..."), result.both());
    assertFalse(Files.exists(dir.resolve("certs")));
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
