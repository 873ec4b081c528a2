package io.github.userservice.command;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.tls.ServerCertificate;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code certs [-conf FILE]}: a self-signed certificate for localhost (EC P-256, a year) at {@code tls.certPath} and
 * its key at {@code tls.keyPath} of the effective configuration, the key owner-only: what a first start makes by
 * itself, on request. Refuses to replace either file; prints the certificate's SHA-256 fingerprint, for a client
 * to pin or compare.
 */
final class CertsCommand implements Command {

  private static final String USAGE = "usage: java -jar user-service.jar certs [-conf FILE]";

  @Override
  public int run(List<String> args) {
    if (!EffectiveConfig.otherArguments(args).isEmpty()) {
      return Commands.wrongArguments("unexpected argument '" + EffectiveConfig.otherArguments(args).get(0) + "'; " + USAGE);
    }
    ServiceConfig.Tls tls;
    try {
      tls = ServiceConfig.fromJson(EffectiveConfig.read(args)).tls();
    } catch (IllegalArgumentException e) {
      return Commands.wrongArguments("Cannot read the configuration: " + e.getMessage());
    }
    Path certificate = Path.of(tls.certPath());
    Path key = Path.of(tls.keyPath());
    try {
      String fingerprint = ServerCertificate.writeSelfSigned(certificate, key);
      System.out.println("made " + certificate + " and " + key + " (0600), valid 365 days for localhost, 127.0.0.1 and ::1");
      System.out.println("SHA-256 fingerprint " + fingerprint);
      return Commands.DONE;
    } catch (FileAlreadyExistsException e) {
      System.err.println(certificate + " or " + key + " exists already: delete both to make new ones");
      return Commands.FAILED;
    } catch (IOException e) {
      System.err.println("Cannot write " + certificate + " and " + key + ": " + e);
      return Commands.FAILED;
    }
  }
}
