package io.github.userservice.http;

import io.github.userservice.support.RawHttps;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The requests a security reviewer would try, each answered with the right 4xx problem document (or, for the
 * slow ones, a closed connection), never a 500 and never a hang; afterwards the service is healthy and every
 * user registered before still logs in.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Hostile requests")
class HostileInputTest {

  private static final String CREDENTIALS = "{\"login\":\"mallory\",\"password\":\"correct horse battery\"}";

  @TempDir
  static Path dir;
  private static TestService service;

  /** One service for the whole battery: none of these requests may change what it stores. */
  @BeforeAll
  static void start(Vertx vertx) {
    service = new TestService(vertx, dir);
    service.config().getJsonObject("http").put("requestTimeoutMs", 1_500);
    service.deploy().await();
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
  }

  @AfterEach
  void stillHealthy() {
    assertEquals(200, service.client().get("/health").send().await().statusCode());
    assertEquals(200, service.login("alice", PASSWORD).await().statusCode());
  }

  static Stream<Arguments> hostileRequests() {
    return Stream.of(
      arguments("invalid UTF-8 in a string", post("/user/", bytes("{\"login\":\"mallory\",\"password\":\"pass", 0xC3, 0x28, "word\"}")), 400),
      arguments("overlong UTF-8 encoding of '/'", post("/user/", bytes("{\"login\":\"mal", 0xC0, 0xAF, "lory\",\"password\":\"correct horse battery\"}")), 400),
      arguments("UTF-8 encoded surrogate", post("/login", bytes("{\"login\":\"mallory\",\"password\":\"", 0xED, 0xA0, 0x80, "\"}")), 400),
      arguments("raw NUL byte inside a string", post("/user/", bytes("{\"login\":\"mal", 0x00, "lory\",\"password\":\"correct horse battery\"}")), 400),
      arguments("escaped NUL in the login", post("/user/", json("{\"login\":\"mal\\u0000lory\",\"password\":\"correct horse battery\"}")), 422),
      arguments("escaped NUL in the password", post("/user/", json("{\"login\":\"mallory\",\"password\":\"correct horse\\u0000battery\"}")), 422),
      arguments("lone high surrogate in the password", post("/user/", json("{\"login\":\"mallory\",\"password\":\"correct horse battery\\ud83d\"}")), 422),
      arguments("lone low surrogate in the login", post("/login", json("{\"login\":\"mal\\udc00lory\",\"password\":\"correct horse battery\"}")), 422),
      arguments("a huge number as login", post("/user/", json("{\"login\":1e999999999,\"password\":\"correct horse battery\"}")), 422),
      arguments("a number with 10 000 digits", post("/user/", json("{\"login\":" + "9".repeat(10_000) + ",\"password\":\"x\"}")), 400),
      arguments("8 000-deep nesting within the body limit", post("/user/", json("{\"login\":" + "[".repeat(8_000) + "]".repeat(8_000) + "}")), 400),
      arguments("10 000-deep nesting", post("/user/", json("[".repeat(10_000) + "]".repeat(10_000))), 413),
      arguments("an object of 10 000 keys", post("/user/", json(manyKeys(10_000))), 413),
      arguments("duplicate keys", post("/login", json("{\"login\":\"alice\",\"login\":\"mallory\",\"password\":\"correct horse battery\"}")), 400),
      arguments("login as an object", post("/user/", json("{\"login\":{\"$ne\":null},\"password\":\"correct horse battery\"}")), 422),
      arguments("password as an array", post("/login", json("{\"login\":\"alice\",\"password\":[\"correct horse battery\"]}")), 422),
      arguments("login as true", post("/user/", json("{\"login\":true,\"password\":\"correct horse battery\"}")), 422),
      arguments("SQL in the login", post("/login", json("{\"login\":\"alice' OR '1'='1\",\"password\":\"x\"}")), 422),
      arguments("a comment in the JSON", post("/user/", json("{/* hi */\"login\":\"mallory\",\"password\":\"correct horse battery\"}")), 400),
      arguments("a trailing comma", post("/user/", json("{\"login\":\"mallory\",\"password\":\"correct horse battery\",}")), 400),
      arguments("whitespace only", post("/user/", json("   \n ")), 400),
      arguments("a second JSON document after the first", post("/login", json(CREDENTIALS + CREDENTIALS)), 400),
      arguments("HTML sent as JSON's content type", request("POST /user/ HTTP/1.1", "Content-Type: text/html", CREDENTIALS), 415),
      arguments("a form post", request("POST /login HTTP/1.1", "Content-Type: application/x-www-form-urlencoded", "login=alice&password=x"), 415),
      arguments("a JSON body in another charset", request("POST /login HTTP/1.1", "Content-Type: application/json; charset=utf-16", CREDENTIALS), 415),
      arguments("Content-Length over the limit", raw("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{"), 413),
      arguments("Content-Length that is not a number", raw("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"), 400),
      arguments("a negative Content-Length", raw("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}"), 400),
      arguments("an unsupported Expect", raw("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}"), 417),
      arguments("a URL of 10 KiB", raw("GET /user/" + "a".repeat(10_240) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414),
      arguments("a header of 20 KiB", raw("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_480) + "\r\n\r\n"), 431),
      arguments("an Authorization header of 20 KiB", raw("GET /user/alice HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + "A".repeat(20_480) + "\r\n\r\n"), 431),
      arguments("a request line of garbage", raw("\u0001\u0002GARBAGE\r\n\r\n"), 400),
      arguments("a header line without a colon", raw("GET /health HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n"), 400),
      arguments("an invented method", raw("BREW /user/ HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405),
      arguments("invalid percent-encoding in the path", raw("GET /user/%zz HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("alice", PASSWORD) + "\r\n\r\n"), 400),
      arguments("an encoded NUL in the path", raw("GET /user/%00 HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("alice", PASSWORD) + "\r\n\r\n"), 403),
      arguments("Basic credentials that are not base64", raw("GET /user/alice HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ***\r\n\r\n"), 401),
      arguments("Basic credentials in invalid UTF-8", raw("GET /user/alice HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
        + Base64.getEncoder().encodeToString(new byte[] {'a', 'l', 'i', 'c', 'e', ':', (byte) 0xFF}) + "\r\n\r\n"), 401),
      arguments("another user's record with valid credentials", raw("GET /user/admin HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("alice", PASSWORD) + "\r\n\r\n"), 403),
      arguments("a path that climbs out", raw("GET /user/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("hostileRequests")
  @DisplayName("each hostile request gets its 4xx problem document, never a 500")
  void refused(String name, byte[] request, int status) throws Exception {
    try (RawHttps connection = connect(5_000)) {
      RawHttps.Response response = connection.send(request).read().orElseThrow(() -> new AssertionError("no response to: " + name));

      assertEquals(status, response.status(), response::body);
      assertEquals("application/problem+json", response.headers().get("content-type"), response::toString);
      assertEquals(status, new JsonObject(response.body()).getInteger("status"));
    }
  }

  @Test
  @DisplayName("a body trickled slowly gets 408 and a closed connection once the request deadline passes")
  void slowloris() throws Exception {
    try (RawHttps connection = connect(10_000)) {
      connection.send("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
      Instant start = Instant.now();
      Thread trickle = new Thread(() -> {
        try {
          for (int i = 0; i < 40; i++) {
            connection.send(" ");
            Thread.sleep(250);
          }
        } catch (Exception closedByServer) {
          // expected: the server hangs up on the slow client
        }
      });
      trickle.start();
      Optional<RawHttps.Response> response = connection.read();
      trickle.interrupt();

      assertTrue(Duration.between(start, Instant.now()).toMillis() < 4_000, "answered soon after the 1.5 s deadline");
      assertEquals(408, response.orElseThrow().status());
      assertEquals("application/problem+json", response.get().headers().get("content-type"));
      assertTrue(connection.closedByServer());
    }
  }

  @Test
  @DisplayName("a malformed chunk size ends the connection without a 500")
  void malformedChunk() throws Exception {
    try (RawHttps connection = connect(5_000)) {
      connection.send("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

      Optional<RawHttps.Response> response = connection.read();
      assertTrue(response.isEmpty() || response.get().status() == 400, response::toString);
    }
  }

  @Test
  @DisplayName("a client that disconnects halfway through its body leaves the service unharmed")
  void disconnectMidRequest() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (RawHttps connection = connect(5_000)) {
        connection.send("POST /user/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"login\":\"mallory\",");
      }
    }
  }

  private RawHttps connect(int readTimeoutMs) throws Exception {
    return new RawHttps(service.dir().resolve("server.crt"), service.port(), readTimeoutMs);
  }

  private static byte[] post(String path, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
      + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(body);
    return request.toByteArray();
  }

  private static byte[] request(String requestLine, String header, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return raw(requestLine + "\r\nHost: localhost\r\n" + header + "\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body);
  }

  private static byte[] raw(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Text and raw byte values, in order: {@code bytes("a", 0xC3, "b")}. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String) {
        out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  private static String manyKeys(int count) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
    }
    return json.append('}').toString();
  }

  private static String basic(String login, String password) {
    return TestService.basic(login, password);
  }
}
