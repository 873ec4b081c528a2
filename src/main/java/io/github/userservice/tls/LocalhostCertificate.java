package io.github.userservice.tls;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

import java.time.Duration;

/**
 * A self-signed certificate for this machine: EC P-256, SANs {@code localhost}, {@code 127.0.0.1} and {@code ::1},
 * valid for a year: for a first start without certificate files (the equivalent of Flask's
 * {@code ssl_context='adhoc'}), and what the jar's {@code certs} command writes. Never meant for production: clients
 * must be told to trust it explicitly.
 */
public record LocalhostCertificate(String certificatePem, String privateKeyPem) {

  private static final Duration VALIDITY = Duration.ofDays(365);
  private static final GeneralNames THIS_MACHINE = new GeneralNames(new GeneralName[] {
    new GeneralName(GeneralName.dNSName, "localhost"),
    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
    new GeneralName(GeneralName.iPAddress, "::1")});

  public static LocalhostCertificate generate() {
    Certificates.Issued issued = Certificates.endEntity("CN=localhost,O=user-service self-signed", THIS_MACHINE, null, VALIDITY,
      KeyPurposeId.id_kp_serverAuth);
    return new LocalhostCertificate(issued.certificatePem(), issued.privateKeyPem());
  }

  @Override
  public String toString() {
    return "LocalhostCertificate[private key hidden]";
  }
}
