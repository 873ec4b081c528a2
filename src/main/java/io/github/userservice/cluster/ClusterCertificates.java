package io.github.userservice.cluster;

import io.github.userservice.files.OwnerOnlyFiles;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The cluster's own certificate authority and its nodes' certificates, for the event bus's mutual TLS: {@link #make}
 * (the jar's {@code cluster-certs DIR NAME...}) makes {@code DIR/ca.crt} and {@code DIR/ca.key} on first use, then
 * {@code DIR/NAME.crt} and {@code DIR/NAME.key} for each node that has none yet, signed by that CA, for server and
 * client use alike. Keys are 0600 in a 0700 folder. The CA must sign this cluster's nodes and nothing else: the bus
 * does not check host names, so every certificate the CA signed is a member.
 */
public final class ClusterCertificates {

  private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
  private static final Duration NODE_VALIDITY = Duration.ofDays(2 * 365);
  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");

  private final Path dir;
  private final Consumer<String> report;

  private ClusterCertificates(Path dir, Consumer<String> report) {
    this.dir = dir;
    this.report = report;
  }

  /**
   * The CA of {@code dir} (made when the folder has none) and a certificate for each node that has none, each file
   * made or kept told to {@code report} in one line. Every name is checked before anything is made.
   *
   * @throws IllegalArgumentException when a name is not a node name (letters, digits, '.' and '-', up to 63), or the
   *                                  folder's CA cannot be read
   * @throws UncheckedIOException     when a file cannot be written
   */
  public static void make(Path dir, List<String> nodes, Consumer<String> report) {
    for (String name : nodes) {
      if (!NODE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a node name: letters, digits, '.' and '-', up to 63");
      }
    }
    ClusterCertificates certificates = new ClusterCertificates(dir, report);
    Certificates.Issued authority = certificates.authority();
    for (String name : nodes) {
      certificates.node(name, authority);
    }
  }

  /** The CA of {@code DIR}, made when the folder has none. */
  private Certificates.Issued authority() {
    Path certificate = dir.resolve("ca.crt");
    Path key = dir.resolve("ca.key");
    if (Files.exists(certificate) && Files.exists(key)) {
      return read(certificate, key);
    }
    Certificates.Issued authority = Certificates.authority("CN=user-service cluster CA " + dir.toAbsolutePath().getFileName(), CA_VALIDITY);
    write(authority, certificate, key);
    report.accept("made " + certificate + " (the cluster's CA) and " + key + " (keep it off the nodes)");
    return authority;
  }

  /** {@code DIR/NAME.crt} and {@code DIR/NAME.key}, unless the node has them already. */
  private void node(String name, Certificates.Issued authority) {
    Path certificate = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    if (Files.exists(certificate) || Files.exists(key)) {
      report.accept(certificate + " exists: kept");
      return;
    }
    GeneralNames names = new GeneralNames(new GeneralName(GeneralName.dNSName, name));
    write(Certificates.endEntity("CN=" + name + ",O=user-service cluster", names, authority, NODE_VALIDITY,
      KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), certificate, key);
    report.accept("made " + certificate + " and " + key + ", signed by " + dir.resolve("ca.crt"));
  }

  private void write(Certificates.Issued issued, Path certificate, Path key) {
    try {
      OwnerOnlyFiles.createFolder(dir);
      OwnerOnlyFiles.writeNew(key, issued.privateKeyPem());
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
