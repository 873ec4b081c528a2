package io.github.userservice.support;

import io.github.userservice.tls.LocalhostCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver, as a customer of the service would write one: an HTTPS server with a certificate of its own
 * (the service is told to trust it), which checks every message's signature the way the Standard Webhooks
 * specification says a receiver must (its own code, not the service's), records what it took, and can refuse
 * everything for a while (503) or be stopped and started again on its port.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** A message as it arrived: its signature headers, its body, and whether the signature and timestamp were right. */
  public record Delivery(String id, String timestamp, String signature, String rawBody, boolean authentic) {

    public JsonObject body() {
      return new JsonObject(rawBody);
    }

    public String type() {
      return body().getString("type");
    }
  }

  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final Path certificate;
  private final Path key;
  private final int port;
  private final byte[] secret;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final List<String> attempts = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;
  private HttpServer server;

  private WebhookReceiver(Vertx vertx, Path dir, byte[] secret) {
    this.vertx = vertx;
    this.certificate = dir.resolve("receiver.crt");
    this.key = dir.resolve("receiver.key");
    this.secret = secret;
    this.port = FreePorts.next();
    LocalhostCertificate generated = LocalhostCertificate.generate();
    try {
      Files.writeString(certificate, generated.certificatePem());
      Files.writeString(key, generated.privateKeyPem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A receiver listening on a free port of loopback, with a new random secret. */
  public static WebhookReceiver start(Vertx vertx, Path dir) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    WebhookReceiver receiver = new WebhookReceiver(vertx, dir, secret);
    receiver.listen();
    return receiver;
  }

  /** Listens again, on the same port, after {@link #stop()}. */
  public void listen() {
    server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString())))
      .requestHandler(this::receive)
      .listen().await();
  }

  public void stop() {
    server.close().await();
  }

  /** While true, every message is answered 503 and not taken. */
  public void refuse(boolean refusing) {
    this.refusing = refusing;
  }

  public String url() {
    return "https://localhost:" + port + "/hooks/user-service";
  }

  /** The receiver's certificate, for the service's {@code caPath}. */
  public Path certificate() {
    return certificate;
  }

  /** The secret as the service's {@code secretFile} holds it. */
  public String secret() {
    return "whsec_" + Base64.getEncoder().encodeToString(secret);
  }

  /** The messages taken so far, in arrival order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The ids of every attempt, refused ones included. */
  public List<String> attempts() {
    return List.copyOf(attempts);
  }

  private void receive(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String id = request.getHeader("webhook-id");
      attempts.add(String.valueOf(id));
      if (refusing) {
        request.response().setStatusCode(503).end();
        return;
      }
      String timestamp = request.getHeader("webhook-timestamp");
      String signature = request.getHeader("webhook-signature");
      String raw = body.toString(StandardCharsets.UTF_8);
      boolean authentic = authentic(id, timestamp, signature, raw);
      deliveries.add(new Delivery(id, timestamp, signature, raw, authentic));
      request.response().setStatusCode(authentic ? 204 : 400).end();
    });
  }

  /** Standard Webhooks: one of the space-separated "v1,base64" signatures is HMAC-SHA256(secret, id.timestamp.body). */
  private boolean authentic(String id, String timestamp, String signatures, String body) {
    if (id == null || timestamp == null || signatures == null) {
      return false;
    }
    try {
      long seconds = Long.parseLong(timestamp);
      if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] expected = mac.doFinal((id + "." + seconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return Arrays.stream(signatures.split(" "))
        .filter(signature -> signature.startsWith("v1,"))
        .anyMatch(signature -> MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3))));
    } catch (GeneralSecurityException | IllegalArgumentException malformed) {
      return false;
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
  }
}
