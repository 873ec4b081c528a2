package io.github.userservice.tls;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.files.OwnerOnlyFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;

/**
 * The certificate and key the HTTPS server presents, read once from PEM files, as Vert.x's TLS options. When both
 * files are missing and the configuration allows it, a {@link LocalhostCertificate} is written there first (key
 * 0600), as the jar's {@code certs} command does on request.
 * A private key open to other users stops start-up: someone else could impersonate the service.
 */
public record ServerCertificate(Buffer certificate, KeyCertOptions keyCertOptions, String sha256Fingerprint) {

  private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);
  // group access stays allowed: Debian's ssl-cert group (0640) is a common, deliberate setup
  private static final Set<PosixFilePermission> OTHERS = Set.of(
    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** Blocking (file I/O, maybe key generation): call it from a worker thread. */
  public static ServerCertificate load(ServiceConfig.Tls config) {
    Path certPath = Path.of(config.certPath());
    Path keyPath = Path.of(config.keyPath());
    try {
      if (Files.notExists(certPath) && Files.notExists(keyPath) && config.selfSignedIfMissing()) {
        writeSelfSigned(certPath, keyPath);
        LOG.warn("no certificate at {}: generated a self-signed one for localhost, 127.0.0.1 and ::1", certPath);
      }
      requireOwnerOnly(keyPath);
      Buffer certificate = Buffer.buffer(Files.readAllBytes(certPath));
      return new ServerCertificate(certificate, PemKeyManager.keyCertOptions(certificate, Buffer.buffer(Files.readAllBytes(keyPath))),
        fingerprint(certificate));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the TLS certificate " + certPath + " or key " + keyPath, e);
    }
  }

  @Override
  public String toString() {
    return "ServerCertificate[sha256=" + sha256Fingerprint + "]";
  }

  /**
   * Writes a new {@link LocalhostCertificate} to {@code certPath} and its private key to {@code keyPath} (owner-only,
   * created so before the key is written), making missing folders; returns the certificate's SHA-256 fingerprint.
   *
   * @throws FileAlreadyExistsException when either file exists: an existing key or certificate is never replaced
   */
  public static String writeSelfSigned(Path certPath, Path keyPath) throws IOException {
    for (Path existing : new Path[] {certPath, keyPath}) {
      if (Files.exists(existing)) {
        throw new FileAlreadyExistsException(existing.toString());
      }
    }
    LocalhostCertificate generated = LocalhostCertificate.generate();
    Files.createDirectories(keyPath.toAbsolutePath().getParent());
    Files.createDirectories(certPath.toAbsolutePath().getParent());
    OwnerOnlyFiles.writeNew(keyPath, generated.privateKeyPem());
    Files.writeString(certPath, generated.certificatePem(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return fingerprint(Buffer.buffer(generated.certificatePem()));
  }

  private static void requireOwnerOnly(Path keyPath) throws IOException {
    if (isPosix()) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyPath);
      if (permissions.stream().anyMatch(OTHERS::contains)) {
        throw new IllegalStateException("the TLS private key " + keyPath + " is open to other users ("
          + PosixFilePermissions.toString(permissions) + "): run chmod 600 " + keyPath);
      }
    }
  }

  private static String fingerprint(Buffer pem) {
    try {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the TLS certificate is not a readable X.509 PEM certificate", e);
    }
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
