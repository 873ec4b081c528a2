package io.github.userservice.http;

import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Random;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("Request bodies are refused with the right problem")
class RequestValidationTest {

  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir);
    service.deploy().await();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
    "{\"login\":",
    "{\"login\":\"bob\",\"password\":\"correct horse battery\"} trailing",
    "{\"login\":\"bob\",\"password\":\"correct horse battery\"}{}",
    "{\"login\":NaN,\"password\":\"correct horse battery\"}",
    "{\"login\":\"bob\",\"login\":\"eve\",\"password\":\"correct horse battery\"}",
    "{'login':'bob','password':'correct horse battery'}",
    "[\"bob\",\"correct horse battery\"]",
    "\"bob\"",
    "null",
    ""})
  @DisplayName("malformed JSON or anything but one object is 400")
  void malformedJson(String body) {
    for (String path : new String[] {"/user/", "/login"}) {
      assertProblem(400, service.postJson(path, body).await());
    }
  }

  @Test
  @DisplayName("invalid UTF-8 is 400")
  void invalidUtf8() {
    Buffer body = Buffer.buffer("{\"login\":\"bob\",\"password\":\"").appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28}).appendString("\"}");
    HttpResponse<Buffer> response = service.client().post("/user/").putHeader("Content-Type", "application/json").sendBuffer(body).await();

    assertProblem(400, response);
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1", "application/jsonx"})
  @DisplayName("a body that is not application/json is 415 with Accept-Post")
  void wrongContentType(String contentType) {
    HttpResponse<Buffer> response = service.client().post("/user/").putHeader("Content-Type", contentType)
      .sendBuffer(Buffer.buffer(TestService.credentials("bob", PASSWORD))).await();

    assertProblem(415, response);
    assertEquals("application/json", response.getHeader("Accept-Post"));
  }

  @Test
  @DisplayName("a body without Content-Type is 415")
  void noContentType() {
    HttpResponse<Buffer> response = service.client().post("/login").sendBuffer(Buffer.buffer(TestService.credentials("bob", PASSWORD))).await();

    assertProblem(415, response);
  }

  @Test
  @DisplayName("application/json with charset=utf-8 is accepted")
  void utf8Charset() {
    HttpResponse<Buffer> response = service.client().post("/user/").putHeader("Content-Type", "application/json; charset=UTF-8")
      .sendBuffer(Buffer.buffer(TestService.credentials("bob", PASSWORD))).await();

    assertEquals(201, response.statusCode());
  }

  @Test
  @DisplayName("a body of 16 384 bytes is read, one byte more is 413")
  void bodyLimit() {
    String padding = " ".repeat(16_384 - TestService.credentials("bob", PASSWORD).length());
    HttpResponse<Buffer> atLimit = service.postJson("/user/", TestService.credentials("bob", PASSWORD) + padding).await();
    HttpResponse<Buffer> overLimit = service.postJson("/user/", TestService.credentials("eve", PASSWORD) + padding + " ").await();

    assertEquals(201, atLimit.statusCode());
    assertProblem(413, overLimit);
  }

  @Test
  @DisplayName("a chunked body over 16 384 bytes is 413 too, over HTTP/1.1 and HTTP/2")
  void chunkedBodyLimit(Vertx vertx) {
    for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_1_1, HttpVersion.HTTP_2}) {
      var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setUseAlpn(true).setProtocolVersion(version)
        .setTrustOptions(new PemTrustOptions().addCertPath(service.dir().resolve("server.crt").toString())));
      var response = client.request(HttpMethod.POST, service.port(), "localhost", "/user/")
        .compose(request -> {
          request.setChunked(true).putHeader("Content-Type", "application/json");
          request.write("{\"login\":\"bob\",\"password\":\"");
          for (int i = 0; i < 20; i++) {
            request.write("x".repeat(1024));
          }
          return request.send("\"}");
        })
        .compose(r -> r.body().map(body -> new int[] {r.statusCode(), body.toJsonObject().getInteger("status")}))
        .await();

      assertEquals(413, response[0], version::toString);
      assertEquals(413, response[1], version::toString);
      client.close().await();
    }
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
    "{\"password\":\"correct horse battery\"}                     | login    | is required",
    "{\"login\":\"bob\"}                                          | password | is required",
    "{\"login\":null,\"password\":\"correct horse battery\"}      | login    | is required",
    "{\"login\":42,\"password\":\"correct horse battery\"}        | login    | must be a string",
    "{\"login\":\"bob\",\"password\":[\"x\"]}                     | password | must be a string",
    "{\"login\":\"ab\",\"password\":\"correct horse battery\"}    | login    | must be 3 to 64 characters long",
    "{\"login\":\"bob smith\",\"password\":\"correct horse battery\"} | login | may contain only letters, digits and . _ - @ +",
    "{\"login\":\"bob\",\"password\":\"seven77\"}                 | password | must be at least 8 characters long",
    "{\"login\":\"bobbybobby\",\"password\":\"BobbyBobby\"}       | password | must not be the login"})
  @DisplayName("a missing, mistyped or rule-breaking field is 422 with errors naming it")
  void fieldErrors(String body, String field, String message) {
    JsonObject problem = assertProblem(422, service.postJson("/user/", body).await());

    JsonArray errors = problem.getJsonArray("errors");
    assertEquals(new JsonObject().put("field", field).put("message", message), errors.getJsonObject(0), errors::encode);
  }

  @Test
  @DisplayName("every broken rule is reported at once")
  void allErrorsAtOnce() {
    JsonObject problem = assertProblem(422, service.postJson("/user/", "{\"login\":\"x\",\"password\":7}").await());

    assertEquals(2, problem.getJsonArray("errors").size());
  }

  @Test
  @DisplayName("a login of 64 characters is accepted, 65 is 422")
  void loginLength() {
    assertEquals(201, service.register("a".repeat(64), PASSWORD).await().statusCode());
    assertProblem(422, service.register("b".repeat(65), PASSWORD).await());
  }

  @Test
  @DisplayName("a password of 256 characters (emoji count as one) is accepted, 257 is 422")
  void passwordLength() {
    assertEquals(201, service.register("emoji", emoji(256)).await().statusCode());
    assertProblem(422, service.register("emoji2", emoji(257)).await());
  }

  /** Random emoji: each is two UTF-16 chars but one code point, and random ones are hard to guess. */
  private static String emoji(int count) {
    Random random = new Random(42);
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < count; i++) {
      password.appendCodePoint(0x1F300 + random.nextInt(0x2FF));
    }
    return password.toString();
  }

  @Test
  @DisplayName("a password with spaces and emoji is accepted and logs in after NFKC")
  void unicodePassword() {
    assertEquals(201, service.register("dora", "ｃｏｒｒｅｃｔ horse 🐎 battery").await().statusCode());

    assertEquals(200, service.login("dora", "correct horse 🐎 battery").await().statusCode());
  }

  @Test
  @DisplayName("a password with a lone surrogate or a NUL is 422, not silently altered")
  void unrepresentablePassword() {
    assertProblem(422, service.postJson("/user/", "{\"login\":\"eve\",\"password\":\"abcdefgh\\ud800\"}").await());
    assertProblem(422, service.postJson("/user/", "{\"login\":\"eve\",\"password\":\"abcdefgh\\u0000\"}").await());
  }

  @Test
  @DisplayName("deeply nested JSON is 400")
  void deepNesting() {
    assertProblem(400, service.postJson("/user/", "{\"login\":" + "[".repeat(5000) + "]".repeat(5000) + "}").await());
  }
}
