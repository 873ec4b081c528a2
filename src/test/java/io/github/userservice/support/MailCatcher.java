package io.github.userservice.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server in the test's JVM (GreenMail), on a free port of loopback, without STARTTLS: the relay the
 * service is configured with. It can be stopped and started again on its port, as a relay that goes down and comes
 * back. Mail is read as a mail client reads it: decoded, the plain-text part.
 */
public final class MailCatcher implements AutoCloseable {

  /** A mail as it arrived: to whom, its subject, its plain text and its HTML. */
  public record Mail(String to, String subject, String text, String html) {

    private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]+)&action=([a-z-]+)");

    /** The token of the link in the text; fails when there is none. */
    public String token() {
      Matcher matcher = TOKEN.matcher(text);
      if (!matcher.find()) {
        throw new AssertionError("no link with a token in: " + text);
      }
      return matcher.group(1);
    }

    public String action() {
      Matcher matcher = TOKEN.matcher(text);
      return matcher.find() ? matcher.group(2) : "";
    }
  }

  public static final String FROM = "no-reply@example.com";
  public static final String APP_URL = "https://app.example.com/account";

  private final int port;
  private GreenMail server;

  private MailCatcher(int port) {
    this.port = port;
  }

  public static MailCatcher start() {
    MailCatcher catcher = new MailCatcher(FreePorts.next());
    catcher.listen();
    return catcher;
  }

  /** The service's {@code mail} section for this relay: plain SMTP (it offers no STARTTLS), no login. */
  public JsonObject config() {
    return new JsonObject().put("host", "127.0.0.1").put("port", port).put("startTls", "NONE").put("from", FROM).put("appUrl", APP_URL)
      .put("serviceName", "Example Accounts");
  }

  public int port() {
    return port;
  }

  /** Listens (again) on its port. */
  public void listen() {
    for (int attempt = 1; ; attempt++) {
      server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
      if (greets() || attempt == 3) {
        return;
      }
      // seen on a loaded machine: a fresh server that accepts connections but never greets them
      server.stop();
    }
  }

  /** Whether a connection gets the SMTP greeting within two seconds. */
  private boolean greets() {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2_000);
      String greeting = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
        .readLine();
      socket.getOutputStream().write("QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return greeting != null && greeting.startsWith("220");
    } catch (IOException e) {
      return false;
    }
  }

  /** Demands this login (AUTH) from now on, as a relay of a mail provider does. */
  public void acceptLogin(String user, String password) {
    server.setUser(user, password);
  }

  /** Stops listening: connections are refused, as a relay that is down refuses them. */
  public void stop() {
    server.stop();
  }

  /** Every mail taken so far, in arrival order. */
  public List<Mail> mails() {
    return Arrays.stream(server.getReceivedMessages()).map(MailCatcher::read).toList();
  }

  public List<Mail> mailsTo(String address) {
    return mails().stream().filter(mail -> mail.to().equalsIgnoreCase(address)).toList();
  }

  /** Waits for the {@code count}-th mail to this address and returns it. */
  public Mail awaitMail(String address, int count, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<Mail> mails = mailsTo(address);
      if (mails.size() >= count) {
        return mails.get(count - 1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("mail number " + count + " to " + address + " did not arrive within " + timeout + "; arrived: "
      + mails().stream().map(mail -> mail.to() + " " + mail.subject()).toList());
  }

  public Mail awaitMail(String address, int count) throws InterruptedException {
    return awaitMail(address, count, Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    server.stop();
  }

  /** A mail as a mail client reads it: its first recipient, subject, and decoded plain-text and HTML parts. */
  public static Mail read(MimeMessage message) {
    try {
      String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
      return new Mail(to, message.getSubject(), part(message, "text/plain").orElse(""), part(message, "text/html").orElse(""));
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("an unreadable mail arrived", e);
    }
  }

  private static Optional<String> part(Part part, String type) throws MessagingException, IOException {
    if (part.isMimeType(type)) {
      return Optional.of(part.getContent().toString());
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        Optional<String> found = part(body, type);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
