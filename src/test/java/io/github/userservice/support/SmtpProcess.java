package io.github.userservice.support;

import io.vertx.core.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real SMTP server in a process of its own: Debian's {@code python3-aiosmtpd} ({@code ./run.sh test} installs it),
 * on a free port of loopback, without STARTTLS, writing each mail it takes into a maildir. It can be stopped and
 * started again on the same port and maildir, as a relay that goes down and comes back. For the tests of the packaged
 * jar, where an SMTP server inside the test's JVM would not be the separate machine a relay is.
 */
public final class SmtpProcess implements AutoCloseable {

  private static final String COMMAND = "/usr/bin/aiosmtpd";
  private static final Duration START = Duration.ofSeconds(20);

  private final int port;
  private final Path maildir;
  private final Path log;
  private Process process;

  private SmtpProcess(int port, Path maildir, Path log) {
    this.port = port;
    this.maildir = maildir;
    this.log = log;
  }

  /** Started in {@code dir} (its maildir and log there), listening once this returns. */
  public static SmtpProcess start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(COMMAND))) {
      throw new AssertionError(COMMAND + " is missing: install Debian's python3-aiosmtpd (./run.sh test does)");
    }
    // a maildir aiosmtpd creates: one that exists already is taken as complete, and without its tmp/ every mail fails
    SmtpProcess smtp = new SmtpProcess(FreePorts.next(), dir.resolve("maildir"), dir.resolve("aiosmtpd.log"));
    smtp.listen();
    return smtp;
  }

  /** The service's {@code mail} section for this server: plain SMTP (it offers no STARTTLS), no login. */
  public JsonObject config() {
    return new JsonObject().put("host", "127.0.0.1").put("port", port).put("startTls", "NONE").put("from", MailCatcher.FROM)
      .put("appUrl", MailCatcher.APP_URL);
  }

  /** Starts the server (again), and waits until it greets. */
  public void listen() throws IOException, InterruptedException {
    process = new ProcessBuilder(COMMAND, "-n", "-l", "127.0.0.1:" + port, "-c", "aiosmtpd.handlers.Mailbox", maildir.toString())
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Instant deadline = Instant.now().plus(START);
    while (!greets()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("aiosmtpd did not greet on port " + port + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL: the server is gone, connections to its port are refused. */
  public void stop() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Every mail taken so far. */
  public List<MailCatcher.Mail> mails() {
    List<MailCatcher.Mail> mails = new ArrayList<>();
    Path arrived = maildir.resolve("new");
    if (!Files.isDirectory(arrived)) {
      return mails;
    }
    try (Stream<Path> files = Files.list(arrived)) {
      for (Path file : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          mails.add(MailCatcher.read(new MimeMessage(Session.getInstance(new Properties()), in)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MessagingException e) {
      throw new IllegalStateException("an unreadable mail arrived", e);
    }
    return mails;
  }

  /**
   * Waits for a mail to this address whose link is for {@code action} ({@code email-verify}, {@code password-reset})
   * and returns it; the maildir's file names do not keep the order of arrival.
   */
  public MailCatcher.Mail awaitLink(String address, String action, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<MailCatcher.Mail> found = mails().stream()
        .filter(mail -> mail.to().equalsIgnoreCase(address) && mail.action().equals(action)).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + action + " mail to " + address + " arrived within " + timeout + "; arrived: "
      + mails().stream().map(mail -> mail.to() + " " + mail.subject()).toList());
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      stop();
    }
  }

  private boolean greets() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2_000);
      byte[] greeting = socket.getInputStream().readNBytes(3);
      return new String(greeting, java.nio.charset.StandardCharsets.US_ASCII).equals("220");
    } catch (IOException e) {
      return false;
    }
  }
}
