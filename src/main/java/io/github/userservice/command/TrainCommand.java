package io.github.userservice.command;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code train}: one rehearsal of the service's work, for the JVM to record the classes it loads into a class-data
 * archive ({@code -XX:ArchiveClassesAtExit} on JDK 17, {@code -XX:AOTCacheOutput} on JDK 25, given by
 * {@code ./run.sh}). The service starts in this JVM as a real start does, on a scratch folder (a fresh certificate,
 * signing and session keys, database) and a free loopback port, with the defaults only: the caller's {@code USER_SERVICE_*}
 * variables are for its real starts, and a PostgreSQL named there must not get a rehearsal's user. Then a registration
 * and a login over HTTP/2, a login and a readiness check over HTTP/1.1 (what nginx speaks), a clean stop, and the
 * scratch folder is deleted. Exit status 1 when the service answered any of them unexpectedly.
 */
final class TrainCommand implements Command {

  private static final String HOST = "127.0.0.1";

  private final ServiceStarter starter;

  TrainCommand(ServiceStarter starter) {
    this.starter = starter;
  }

  @Override
  public int run(List<String> args) {
    if (!args.isEmpty()) {
      return Commands.wrongArguments("usage: java -jar user-service.jar train");
    }
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("user-service-train-");
      int port = freePort();
      Path config = Files.writeString(scratch.resolve("config.json"), config(scratch, port).encodePrettily());
      Vertx vertx = starter.start(new String[] {"-conf", config.toString()}, Map.of());
      try {
        return rehearse(vertx, scratch.resolve("server.crt"), port);
      } finally {
        vertx.close().await();
      }
    } catch (IOException e) {
      System.err.println("Cannot train: " + e);
      return Commands.FAILED;
    } finally {
      delete(scratch);
    }
  }

  private static JsonObject config(Path scratch, int port) {
    return new JsonObject()
      .put("http", new JsonObject().put("host", HOST).put("port", port))
      .put("tls", new JsonObject().put("certPath", scratch.resolve("server.crt").toString()).put("keyPath", scratch.resolve("server.key").toString()))
      .put("db", new JsonObject().put("path", scratch.resolve("users.db").toString()).put("backupPath", scratch.resolve("backups").toString()))
      .put("tokens", new JsonObject().put("keysPath", scratch.resolve("jwt-keys.json").toString()))
      .put("sessions", new JsonObject().put("keysPath", scratch.resolve("session-keys.json").toString()));
  }

  private static int rehearse(Vertx vertx, Path certificate, int port) {
    // random, so that the password policy accepts it, and never shown
    String credentials = new JsonObject().put("login", "train@example.com")
      .put("password", new BigInteger(130, new SecureRandom()).toString(32)).encode();
    HttpClient http2 = client(vertx, certificate, port, HttpVersion.HTTP_2);
    HttpClient http11 = client(vertx, certificate, port, HttpVersion.HTTP_1_1);
    boolean expected = expect(201, http2, HttpMethod.POST, "/user/", credentials)
      & expect(200, http2, HttpMethod.POST, "/login", credentials)
      & expect(200, http11, HttpMethod.POST, "/login", credentials)
      & expect(200, http11, HttpMethod.GET, "/health/ready", null);
    return expected ? Commands.DONE : Commands.FAILED;
  }

  private static HttpClient client(Vertx vertx, Path certificate, int port, HttpVersion version) {
    return vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true).setUseAlpn(version == HttpVersion.HTTP_2)
      .setProtocolVersion(version).setDefaultHost(HOST).setDefaultPort(port)
      .setTrustOptions(new PemTrustOptions().addCertPath(certificate.toString())));
  }

  /** One request; false, with a line on standard error, when the answer is not {@code status}. */
  private static boolean expect(int status, HttpClient client, HttpMethod method, String path, String json) {
    String what = method + " " + path;
    try {
      int answered = client.request(new RequestOptions().setMethod(method).setURI(path))
        .compose(request -> json == null ? request.send() : request.putHeader("Content-Type", "application/json").send(Buffer.buffer(json)))
        .compose(response -> response.body().map(body -> response))
        .map(HttpClientResponse::statusCode)
        .await();
      if (answered != status) {
        System.err.println("train: " + what + " answered " + answered + ", not " + status);
      }
      return answered == status;
    } catch (RuntimeException e) {
      System.err.println("train: " + what + " failed: " + e);
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path scratch) {
    if (scratch == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch folder " + scratch, e);
    }
  }
}
