package io.github.userservice.mail;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The mail client's settings from {@code mail.*}: the relay, STARTTLS as configured (REQUIRED refuses a relay that
 * does not offer it, rather than send in clear), the relay's certificate checked against its name (and the JVM's CAs,
 * or {@code caPath}), a login with the password read once from {@code passwordFile}. The settings hold that password:
 * they are never logged.
 */
final class SmtpSettings {

  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private SmtpSettings() {
  }

  static MailConfig of(ServiceConfig.Mail mail) {
    MailConfig config = new MailConfig()
      .setHostname(mail.host())
      .setPort(mail.port())
      .setStarttls(startTls(mail.startTls()))
      .setConnectTimeout(CONNECT_TIMEOUT_MS)
      .setHostnameVerificationAlgorithm("HTTPS")
      .setTrustAll(false)
      .setLogin(mail.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED);
    if (mail.username() != null) {
      config.setUsername(mail.username()).setPassword(password(mail.passwordFile()));
    }
    if (mail.caPath() != null) {
      config.setTrustOptions(new PemTrustOptions().addCertPath(mail.caPath()));
    }
    return config;
  }

  private static StartTLSOptions startTls(ServiceConfig.Mail.StartTls startTls) {
    switch (startTls) {
      case NONE:
        return StartTLSOptions.DISABLED;
      case OPTIONAL:
        return StartTLSOptions.OPTIONAL;
      default:
        return StartTLSOptions.REQUIRED;
    }
  }

  /** The first line of the file, read at start; the message names the file, never its content. */
  private static String password(String file) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        throw new IllegalArgumentException("mail.passwordFile " + file + " is empty");
      }
      return lines.get(0).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read mail.passwordFile " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
