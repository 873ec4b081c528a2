package io.github.userservice.cluster;

import io.github.userservice.tls.Certificates;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The cluster's own certificate authority and its nodes' certificates, for the event bus's mutual TLS:
 * {@code java -cp user-service.jar io.github.userservice.cluster.ClusterCertificates DIR NAME...} (what
 * {@code ./run.sh cluster-certs DIR NAME...} runs) makes {@code DIR/ca.crt} and {@code DIR/ca.key} on first use,
 * then {@code DIR/NAME.crt} and {@code DIR/NAME.key} for each node that has none yet, signed by that CA, for server
 * and client use alike. Keys are 0600 in a 0700 folder. The CA must sign this cluster's nodes and nothing else: the
 * bus does not check host names, so every certificate the CA signed is a member.
 */
public final class ClusterCertificates {

  private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
  private static final Duration NODE_VALIDITY = Duration.ofDays(2 * 365);
  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");

  private final Path dir;

  private ClusterCertificates(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: ClusterCertificates DIR NAME... (a node name: letters, digits, '.' and '-')");
      System.exit(2);
    }
    try {
      ClusterCertificates certificates = new ClusterCertificates(Path.of(args[0]));
      Certificates.Issued authority = certificates.authority();
      for (int i = 1; i < args.length; i++) {
        certificates.node(args[i], authority);
      }
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("Cannot make the cluster certificates: " + e.getMessage());
      System.exit(2);
    }
  }

  /** The CA of {@code DIR}, made when the folder has none. */
  Certificates.Issued authority() {
    Path certificate = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    if (Files.exists(certificate) && Files.exists(key)) {
      return read(certificate, key);
    }
    Certificates.Issued authority = Certificates.authority("CN=user-service cluster CA " + dir.toAbsolutePath().getFileName(), CA_VALIDITY);
    write(authority, certificate, key);
    System.out.println("made " + certificate + " (the cluster's CA) and " + key + " (keep it off the nodes)");
    return authority;
  }

  /** {@code DIR/NAME.crt} and {@code DIR/NAME.key}, unless the node has them already. */
  void node(String name, Certificates.Issued authority) {
    if (!NODE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a node name: letters, digits, '.' and '-', up to 63");
    }
    Path certificate = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    if (Files.exists(certificate) || Files.exists(key)) {
      System.out.println(certificate + " exists: kept");
      return;
    }
    GeneralNames names = new GeneralNames(new GeneralName(GeneralName.dNSName, name));
    write(Certificates.endEntity("CN=" + name + ",O=user-service cluster", names, authority, NODE_VALIDITY,
      KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), certificate, key);
    System.out.println("made " + certificate + " and " + key + ", signed by " + dir.resolve("ca.crt"));
  }

  private void write(Certificates.Issued issued, Path certificate, Path key) {
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      if (posix) {
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(key, issued.privateKeyPem(), StandardCharsets.US_ASCII);
      Files.writeString(certificate, issued.certificatePem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + certificate + " and " + key, e);
    }
  }

  private static Certificates.Issued read(Path certificate, Path key) {
    try (PEMParser certificatePem = new PEMParser(new StringReader(Files.readString(certificate)));
         PEMParser keyPem = new PEMParser(new StringReader(Files.readString(key)))) {
      X509CertificateHolder holder = (X509CertificateHolder) certificatePem.readObject();
      PrivateKeyInfo privateKey = (PrivateKeyInfo) keyPem.readObject();
      return new Certificates.Issued(Files.readString(certificate), Files.readString(key), holder,
        new JcaPEMKeyConverter().getPrivateKey(privateKey));
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("cannot read the cluster CA from " + certificate + " and " + key + ": " + e.getMessage(), e);
    }
  }
}
