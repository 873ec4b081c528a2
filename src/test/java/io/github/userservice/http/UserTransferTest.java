package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.StoredUsers;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(120_000)
@DisplayName("Admins move users in and out: export and import as NDJSON")
class UserTransferTest {

  private static final String ROOT = "root@example.com";
  private static final String NDJSON = "application/x-ndjson";

  @Parameter
  Backend backend;

  private TestService service;
  private String rootToken;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    service.config().put("admins", new JsonArray().add(ROOT));
    service.deploy().await();
    assertEquals(201, service.register(ROOT, PASSWORD).await().statusCode());
    rootToken = service.token(ROOT, PASSWORD);
  }

  @Test
  @DisplayName("GET /admin/export: every user, one JSON object per line in login order, with the stored hash")
  void export() {
    service.register("bob", PASSWORD).await();
    service.register("alice", PASSWORD).await();

    HttpResponse<Buffer> response = service.withToken(HttpMethod.GET, "/admin/export", rootToken).await();

    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertEquals(NDJSON, response.getHeader("Content-Type"));
    List<JsonObject> lines = lines(response.bodyAsString());
    assertEquals(List.of("alice", "bob", ROOT), lines.stream().map(line -> line.getString("login")).toList());
    try (StoredUsers users = service.storedUsers()) {
      for (JsonObject line : lines) {
        assertEquals(List.of("login", "passwordHash", "registeredAt"), new ArrayList<>(line.fieldNames()).stream().sorted().toList());
        assertEquals(users.passwordHash(line.getString("login")).orElseThrow(), line.getString("passwordHash"));
        assertTrue(line.getString("registeredAt").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), line::encode);
      }
    }
  }

  @Test
  @DisplayName("an export of more users than a page streams them all, each once, in order")
  void exportsManyPages() {
    StringBuilder body = new StringBuilder();
    List<String> logins = new ArrayList<>();
    for (int i = 0; i < 1_234; i++) {
      String login = String.format("user-%05d", i);
      logins.add(login);
      body.append(user(login, argon2Hash())).append('\n');
    }
    List<JsonObject> results = lines(importUsers(body.toString()).bodyAsString());
    assertEquals(1_234, results.get(results.size() - 1).getJsonObject("summary").getInteger("created"), () -> results.get(results.size() - 1).encode());
    logins.add(ROOT);
    Collections.sort(logins);

    List<String> exported = lines(service.withToken(HttpMethod.GET, "/admin/export", rootToken).await().bodyAsString()).stream()
      .map(line -> line.getString("login")).toList();

    assertEquals(logins.size(), exported.size());
    assertTrue(logins.equals(exported), "every user once, in login order");
  }

  @Test
  @DisplayName("POST /admin/import: each line created, skipped or refused with its reason, in order, then a summary")
  void importLineByLine() {
    service.register("taken", PASSWORD).await();
    String body = String.join("\n",
      user("Newcomer", argon2Hash()),
      user("taken", argon2Hash()),
      user("x", argon2Hash()),
      user("plain", "correct horse battery"),
      "{\"login\": \"broken\", ",
      "",
      new JsonObject().put("login", 42).put("passwordHash", argon2Hash()).encode(),
      new JsonObject().put("login", "extra").put("passwordHash", argon2Hash()).put("password", "secret").encode(),
      "[1, 2]",
      new JsonObject().put("login", "dated").put("passwordHash", argon2Hash()).put("registeredAt", "yesterday").encode());

    HttpResponse<Buffer> response = importUsers(body + "\n");

    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertEquals(NDJSON, response.getHeader("Content-Type"));
    List<JsonObject> results = lines(response.bodyAsString());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 7L, 8L, 9L, 10L), results.subList(0, 9).stream().map(line -> line.getLong("line")).toList());
    assertEquals(List.of("created", "skipped", "refused", "refused", "refused", "refused", "refused", "refused", "refused"),
      results.subList(0, 9).stream().map(line -> line.getString("result")).toList());
    assertEquals("the login exists", results.get(1).getString("reason"));
    assertTrue(results.get(2).getString("reason").startsWith("login: "), results.get(2)::encode);
    assertTrue(results.get(3).getString("reason").startsWith("passwordHash: "), results.get(3)::encode);
    assertFalse(results.get(3).encode().contains("correct horse"), "a refused hash is never echoed");
    assertTrue(results.get(4).getString("reason").contains("not valid JSON"), results.get(4)::encode);
    assertTrue(results.get(5).getString("reason").startsWith("login: "), results.get(5)::encode);
    assertTrue(results.get(6).getString("reason").contains("'password'"), results.get(6)::encode);
    assertTrue(results.get(7).getString("reason").contains("JSON object"), results.get(7)::encode);
    assertTrue(results.get(8).getString("reason").startsWith("registeredAt: "), results.get(8)::encode);
    assertEquals(new JsonObject().put("lines", 10).put("created", 1).put("skipped", 1).put("refused", 7).put("failed", 0).put("complete", true),
      results.get(9).getJsonObject("summary"));
    try (StoredUsers users = service.storedUsers()) {
      assertEquals(1, users.count("newcomer"), "stored under its canonical login");
      assertEquals(0, users.count("plain") + users.count("extra") + users.count("dated"));
    }
  }

  @Test
  @DisplayName("an imported user logs in with the old password; the hash becomes Argon2id at that first login")
  void importedUserLogsIn() {
    String bcrypt = OpenBSDBCrypt.generate("2b", PASSWORD.toCharArray(), new byte[16], 4);
    JsonObject result = lines(importUsers(user("migrant", bcrypt) + "\n").bodyAsString()).get(0);
    assertEquals("created", result.getString("result"), result::encode);

    assertEquals(401, service.login("migrant", "wrong password").await().statusCode());
    assertEquals(200, service.login("migrant", PASSWORD).await().statusCode());

    try (StoredUsers users = service.storedUsers()) {
      assertTrue(users.passwordHash("migrant").orElseThrow().startsWith("$argon2id$"), "re-hashed");
    }
    assertEquals(200, service.login("migrant", PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("a password hashed as typed by the old system (not NFKC-normalized, as ours are) still logs in")
  void importedUnnormalizedPassword() {
    String typed = "\uFB01ne horse battery"; // the "fi" ligature: NFKC makes it "fine horse battery"
    String bcrypt = OpenBSDBCrypt.generate("2b", typed.toCharArray(), new byte[16], 4);
    assertEquals("created", lines(importUsers(user("ligature", bcrypt) + "\n").bodyAsString()).get(0).getString("result"));

    assertEquals(200, service.login("ligature", typed).await().statusCode());
    assertEquals(200, service.login("ligature", "fine horse battery").await().statusCode(), "re-hashed normalized, as registrations are");
  }

  @Test
  @DisplayName("an export imported into an empty service gives the same users, who log in with their passwords")
  void roundTrip(@TempDir Path elsewhere) {
    // a Vert.x of its own for the second service: on one event bus, the two stores would share the requests
    Vertx other = Vertx.vertx();
    try {
      roundTrip(other, elsewhere);
    } finally {
      other.close().await();
    }
  }

  private void roundTrip(Vertx other, Path elsewhere) {
    service.register("alice", PASSWORD).await();
    service.register("bob", "another horse battery").await();
    String exported = service.withToken(HttpMethod.GET, "/admin/export", rootToken).await().bodyAsString();

    TestService target = new TestService(other, elsewhere, backend);
    target.config().put("admins", new JsonArray().add(ROOT));
    target.deploy().await();
    String body = exported.lines().filter(line -> !line.contains(ROOT)).reduce("", (all, line) -> all + line + "\n");
    assertEquals(201, target.register(ROOT, PASSWORD).await().statusCode());
    HttpResponse<Buffer> imported = target.client().post("/admin/import").putHeader("Content-Type", NDJSON)
      .putHeader("Authorization", "Bearer " + target.token(ROOT, PASSWORD)).sendBuffer(Buffer.buffer(body)).await();

    assertEquals(2, lines(imported.bodyAsString()).get(2).getJsonObject("summary").getInteger("created"), imported::bodyAsString);
    assertEquals(200, target.login("alice", PASSWORD).await().statusCode());
    assertEquals(200, target.login("bob", "another horse battery").await().statusCode());
    assertEquals(exported.lines().filter(line -> line.contains("\"alice\"")).findFirst(),
      target.withToken(HttpMethod.GET, "/admin/export", target.token(ROOT, PASSWORD)).await().bodyAsString().lines()
        .filter(line -> line.contains("\"alice\"")).findFirst(), "hash and date kept as they were");
  }

  @Test
  @DisplayName("hostile lines get a reason each: a megabyte line, invalid UTF-8, CRLF ends; the next lines still count")
  void hostileLines() {
    Buffer body = Buffer.buffer()
      .appendString("{\"login\": \"" + "a".repeat(1 << 20) + "\"}\n")
      .appendBytes(new byte[] {'{', '"', 'l', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', '\n'})
      .appendString(user("crlf", argon2Hash()) + "\r\n")
      .appendString(user("last", argon2Hash()));

    List<JsonObject> results = lines(importUsers(body).bodyAsString());

    assertEquals("The line is longer than 16384 bytes.", results.get(0).getString("reason"));
    assertEquals("The line is not valid UTF-8.", results.get(1).getString("reason"));
    assertEquals("created", results.get(2).getString("result"), results.get(2)::encode);
    assertEquals("created", results.get(3).getString("result"), results.get(3)::encode);
    assertEquals(4, results.get(4).getJsonObject("summary").getInteger("lines"));
  }

  @Test
  @DisplayName("a million lines stream through, one result each, and the service keeps serving")
  void millionLines() {
    byte[] line = "not json\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[line.length * 1_000_000];
    for (int i = 0; i < 1_000_000; i++) {
      System.arraycopy(line, 0, body, i * line.length, line.length);
    }
    AtomicLong resultLines = new AtomicLong();
    StringBuilder last = new StringBuilder();

    int status = service.httpClient().request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/admin/import")
        .putHeader("Content-Type", NDJSON).putHeader("Authorization", "Bearer " + rootToken))
      .compose(request -> request.send(Buffer.buffer(body)))
      .compose(response -> {
        response.handler(chunk -> {
          String text = chunk.toString(StandardCharsets.UTF_8);
          resultLines.addAndGet(text.chars().filter(c -> c == '\n').count());
          last.setLength(0);
          last.append(text);
        });
        return response.end().map(done -> response.statusCode());
      }).await();

    assertEquals(200, status);
    assertEquals(1_000_001, resultLines.get(), "a result per line, and the summary");
    String summary = last.toString().lines().reduce((first, second) -> second).orElseThrow();
    assertEquals(1_000_000, new JsonObject(summary).getJsonObject("summary").getInteger("refused"));
    assertEquals(200, service.login(ROOT, PASSWORD).await().statusCode());
  }

  @Test
  @DisplayName("an import must be NDJSON: anything else gets 415 with Accept-Post")
  void importMediaType() {
    HttpResponse<Buffer> response = service.client().post("/admin/import").putHeader("Content-Type", "application/json")
      .putHeader("Authorization", "Bearer " + rootToken).sendBuffer(Buffer.buffer(user("alice", argon2Hash()))).await();

    assertProblem(415, response);
    assertEquals(NDJSON, response.getHeader("Accept-Post"));
  }

  @Test
  @DisplayName("export, import and backup are for admins: 401 without credentials, 403 for a user")
  void adminsOnly() {
    service.register("mallory", PASSWORD).await();
    String token = service.token("mallory", PASSWORD);

    Buffer body = Buffer.buffer(user("mallory2", argon2Hash()));

    assertProblem(401, service.request(HttpMethod.GET, "/admin/export").send().await());
    assertProblem(401, service.request(HttpMethod.POST, "/admin/import").putHeader("Content-Type", NDJSON).sendBuffer(body).await());
    assertProblem(401, service.request(HttpMethod.POST, "/admin/backup").send().await());
    assertProblem(403, service.withToken(HttpMethod.GET, "/admin/export", token).await());
    assertProblem(403, service.request(HttpMethod.POST, "/admin/import").putHeader("Content-Type", NDJSON)
      .putHeader("Authorization", "Bearer " + token).sendBuffer(body).await());
    assertProblem(403, service.withToken(HttpMethod.POST, "/admin/backup", token).await());
    try (StoredUsers users = service.storedUsers()) {
      assertEquals(0, users.count("mallory2"));
    }
  }

  private HttpResponse<Buffer> importUsers(String body) {
    return importUsers(Buffer.buffer(body));
  }

  private HttpResponse<Buffer> importUsers(Buffer body) {
    return service.client().post("/admin/import").putHeader("Content-Type", NDJSON).putHeader("Authorization", "Bearer " + rootToken)
      .sendBuffer(body).await();
  }

  private static String user(String login, String hash) {
    return new JsonObject().put("login", login).put("passwordHash", hash).encode();
  }

  /** A well-formed Argon2id PHC string within the import's bounds; it matches no password anybody knows. */
  private static String argon2Hash() {
    return "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI";
  }

  private static List<JsonObject> lines(String ndjson) {
    return Arrays.stream(ndjson.split("\n")).filter(line -> !line.isEmpty()).map(JsonObject::new).toList();
  }
}
