package io.github.userservice.passkey;

import io.github.userservice.support.Authenticator;
import io.github.userservice.support.Backend;
import io.github.userservice.support.SoftwarePasskey;
import io.github.userservice.support.StoredPasskeys;
import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("Passkeys: registration, login without a name, and the list")
class PasskeyTest {

  private static final String ADMIN = "root@example.com";

  @Parameter
  Backend backend;

  private TestService service;
  private StoredPasskeys stored;
  private String origin;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    service = new TestService(vertx, dir, backend);
    origin = "https://localhost:" + service.port();
    service.config().put("admins", new JsonArray().add(ADMIN))
      .put("webauthn", new JsonObject().put("rpId", "localhost").put("origins", new JsonArray().add(origin)));
    service.deploy().await();
    for (String login : List.of("alice", "bob", ADMIN)) {
      assertEquals(201, service.register(login, PASSWORD).await().statusCode());
    }
    stored = StoredPasskeys.open(vertx, service.config().getJsonObject("db"));
  }

  @AfterEach
  void close() {
    stored.close();
  }

  @Test
  @DisplayName("creation options in the Level 3 JSON form: resident key and user verification required, attestation none, a random user handle")
  void creationOptions() {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/passkeys/register/options", bearer(login("alice")), null);

    assertEquals(200, response.statusCode(), response::bodyAsString);
    JsonObject options = response.bodyAsJsonObject();
    assertEquals(new JsonObject().put("id", "localhost").put("name", "user-service"), options.getJsonObject("rp"));
    assertEquals("alice", options.getJsonObject("user").getString("name"));
    byte[] handle = Base64.getUrlDecoder().decode(options.getJsonObject("user").getString("id"));
    assertEquals(32, handle.length, "256 random bits");
    assertFalse(new String(handle, StandardCharsets.ISO_8859_1).contains("alice"));
    assertEquals(32, Base64.getUrlDecoder().decode(options.getString("challenge")).length);
    assertEquals("required", options.getJsonObject("authenticatorSelection").getString("residentKey"));
    assertTrue(options.getJsonObject("authenticatorSelection").getBoolean("requireResidentKey"));
    assertEquals("required", options.getJsonObject("authenticatorSelection").getString("userVerification"));
    assertEquals("none", options.getString("attestation"));
    assertEquals(-7, options.getJsonArray("pubKeyCredParams").getJsonObject(0).getInteger("alg"));
    assertEquals(300_000, options.getInteger("timeout"));
    HttpResponse<Buffer> again = send(HttpMethod.POST, "/passkeys/register/options", bearer(login("alice")), null);
    assertEquals(options.getJsonObject("user").getString("id"), again.bodyAsJsonObject().getJsonObject("user").getString("id"),
      "one handle per user, so that a new passkey replaces an old one in the authenticator");
  }

  @Test
  @DisplayName("a passkey registered with a fresh session logs in without a name: the answer of a password login, amr hwk and user, no hash")
  void registerAndLogIn() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    JsonObject registered = register("alice", passkey, "Laptop");
    assertEquals("Laptop", registered.getString("name"));

    long hashes = service.argon2Operations();
    HttpResponse<Buffer> options = service.client().post("/passkeys/login/options").send().await();
    assertEquals(200, options.statusCode(), options::bodyAsString);
    JsonObject requestOptions = options.bodyAsJsonObject();
    assertEquals("localhost", requestOptions.getString("rpId"));
    assertEquals("required", requestOptions.getString("userVerification"));
    assertEquals(new JsonArray(), requestOptions.getJsonArray("allowCredentials"));
    HttpResponse<Buffer> login = loginWith(passkey.get(requestOptions));

    assertEquals(200, login.statusCode(), login::bodyAsString);
    JsonObject body = login.bodyAsJsonObject();
    assertEquals("alice", body.getString("login"));
    assertEquals("Bearer", body.getString("tokenType"));
    assertTrue(body.containsKey("refreshToken") && body.containsKey("sessionId") && body.containsKey("refreshExpiresIn"));
    assertEquals(new JsonArray().add("hwk").add("user"), payload(body.getString("accessToken")).getJsonArray("amr"));
    assertEquals(hashes, service.argon2Operations(), "a passkey login costs no Argon2 hash");
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", body.getString("accessToken")).await().statusCode());
    HttpResponse<Buffer> refreshed = service.postJson("/token/refresh", new JsonObject().put("refreshToken", body.getString("refreshToken")).encode())
      .await();
    assertEquals(200, refreshed.statusCode(), "a session like any other");
    assertEquals(List.of("passkey.registration_started", "passkey.registered", "passkey.login_succeeded"), types(events("alice", "passkey.")));
    assertTrue(events("alice", "session.started").stream().anyMatch(event -> event.getString("detail").endsWith("hwk+user")));
  }

  @Test
  @DisplayName("the list shows names, when made and last used; a rename and a delete; a deleted passkey logs in no more")
  void listRenameDelete() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    String id = register("alice", passkey, null).getString("id");
    String token = login("alice");

    JsonObject listed = list("alice", bearer(token)).getJsonObject(0);
    assertEquals(Set.of("id", "name", "createdAt", "lastUsedAt", "backupEligible", "backedUp"), listed.fieldNames());
    assertEquals("Passkey", listed.getString("name"));
    assertNull(listed.getString("lastUsedAt"));
    assertEquals(200, loginWith(passkey.get(loginOptions())).statusCode());
    Instant used = Instant.parse(list("alice", bearer(token)).getJsonObject(0).getString("lastUsedAt"));
    assertFalse(used.isBefore(Instant.parse(listed.getString("createdAt"))));

    HttpResponse<Buffer> renamed = send(HttpMethod.PATCH, "/user/alice/passkeys/" + id, bearer(token), new JsonObject().put("name", "Phone"));
    assertEquals(200, renamed.statusCode(), renamed::bodyAsString);
    assertEquals("Phone", list("alice", bearer(token)).getJsonObject(0).getString("name"));
    assertProblem(422, send(HttpMethod.PATCH, "/user/alice/passkeys/" + id, bearer(token), new JsonObject().put("name", "a\u0000b")));

    assertEquals(204, send(HttpMethod.DELETE, "/user/alice/passkeys/" + id, bearer(token), null).statusCode());
    assertProblem(404, send(HttpMethod.DELETE, "/user/alice/passkeys/" + id, bearer(token), null));
    assertEquals(new JsonArray(), list("alice", bearer(token)));
    assertProblem(401, loginWith(passkey.get(loginOptions())));
    assertEquals(List.of("passkey.registration_started", "passkey.registered", "passkey.login_succeeded", "passkey.renamed", "passkey.deleted"),
      types(events("alice", "passkey.")));
  }

  @Test
  @DisplayName("base64url with the padding some encoders add is read as without it")
  void paddedBase64() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    register("alice", passkey, null);

    JsonObject assertion = passkey.get(loginOptions());
    JsonObject padded = new JsonObject().put("id", pad(assertion.getString("id"))).put("rawId", pad(assertion.getString("rawId")))
      .put("type", "public-key").put("response", new JsonObject());
    assertion.getJsonObject("response").forEach(field -> padded.getJsonObject("response").put(field.getKey(), pad((String) field.getValue())));

    HttpResponse<Buffer> login = loginWith(padded);
    assertEquals(200, login.statusCode(), login::bodyAsString);
  }

  private static String pad(String base64url) {
    return base64url + "=".repeat((4 - base64url.length() % 4) % 4);
  }

  @Test
  @DisplayName("a credential registered already, to anyone, is 409: an unsigned attestation replayed under a new challenge adds nothing")
  void registeredAlready() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    String token = login("alice");
    JsonObject credential = passkey.create(send(HttpMethod.POST, "/passkeys/register/options", bearer(token), null).bodyAsJsonObject());
    assertEquals(201, send(HttpMethod.POST, "/passkeys/register", bearer(token), credential).statusCode());

    String bob = login("bob");
    String challenge = send(HttpMethod.POST, "/passkeys/register/options", bearer(bob), null).bodyAsJsonObject().getString("challenge");
    JsonObject clientData = new JsonObject().put("type", "webauthn.create").put("challenge", challenge).put("origin", origin);
    JsonObject replayed = credential.copy();
    replayed.getJsonObject("response").put("clientDataJSON",
      Base64.getUrlEncoder().withoutPadding().encodeToString(clientData.encode().getBytes(StandardCharsets.UTF_8)));

    assertTrue(assertProblem(409, send(HttpMethod.POST, "/passkeys/register", bearer(bob), replayed)).getString("type").endsWith("/passkey-registered"));
    assertEquals(new JsonArray(), list("bob", bearer(bob)));
  }

  @Test
  @DisplayName("a passkey login skips the TOTP step and counts as a second factor: with the password again it turns TOTP off")
  void passkeyIsMultiFactor() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    register("alice", passkey, null);
    HttpResponse<Buffer> enrolled = send(HttpMethod.POST, "/user/alice/totp", basic("alice", PASSWORD), null);
    Authenticator app = Authenticator.scanning(enrolled.bodyAsJsonObject().getString("uri"));
    assertEquals(200, send(HttpMethod.POST, "/user/alice/totp/confirm", basic("alice", PASSWORD), new JsonObject().put("code", app.code()))
      .statusCode());
    assertTrue(service.login("alice", PASSWORD).await().bodyAsJsonObject().getBoolean("mfaRequired"));

    HttpResponse<Buffer> login = loginWith(passkey.get(loginOptions()));
    assertEquals(200, login.statusCode(), login::bodyAsString);
    String token = bearer(login.bodyAsJsonObject().getString("accessToken"));

    assertEquals(204, send(HttpMethod.DELETE, "/user/alice/totp", token, new JsonObject().put("password", PASSWORD)).statusCode());
  }

  @Test
  @DisplayName("a deleted user's passkeys go with it: they log in no more, and the login registered again has none")
  void deletedUser() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    register("alice", passkey, null);

    assertEquals(204, send(HttpMethod.DELETE, "/user/alice", basic("alice", PASSWORD), null).statusCode());

    assertProblem(401, loginWith(passkey.get(loginOptions())));
    assertEquals(201, service.register("alice", PASSWORD).await().statusCode());
    assertEquals(new JsonArray(), list("alice", basic("alice", PASSWORD)));
  }

  @Test
  @DisplayName("a credential of another user: its list and delete are 403 for bob, his own path 404, and a swapped user handle 401")
  void anotherUsersCredential() {
    SoftwarePasskey alices = new SoftwarePasskey(origin);
    String id = register("alice", alices, null).getString("id");
    register("bob", new SoftwarePasskey(origin), null);
    String bob = login("bob");

    assertProblem(403, send(HttpMethod.GET, "/user/alice/passkeys", bearer(bob), null));
    assertProblem(403, send(HttpMethod.DELETE, "/user/alice/passkeys/" + id, bearer(bob), null));
    assertProblem(404, send(HttpMethod.DELETE, "/user/bob/passkeys/" + id, bearer(bob), null));
    assertProblem(404, send(HttpMethod.PATCH, "/user/bob/passkeys/" + id, bearer(bob), new JsonObject().put("name", "mine")));
    assertEquals(1, list("alice", basic(ADMIN, PASSWORD)).size(), "an admin sees anyone's");

    JsonObject assertion = alices.get(loginOptions());
    assertion.getJsonObject("response").put("userHandle", stored.userHandle("bob"));
    assertProblem(401, loginWith(assertion));
    assertEquals("user-handle", events("alice", "passkey.login_failed").get(0).getString("detail"));
  }

  @Test
  @DisplayName("a page on an origin not in webauthn.origins: its registration is 400 and its login 401")
  void wrongOrigin() {
    SoftwarePasskey passkey = new SoftwarePasskey("https://evil.localhost:" + service.port());
    assertProblem(400, registerResponse("alice", passkey, null, login("alice")));

    passkey.origin(origin);
    register("alice", passkey, null);
    passkey.origin("https://localhost:1");
    assertProblem(401, loginWith(passkey.get(loginOptions())));
    assertEquals("origin", events("alice", "passkey.registration_failed").get(0).getString("detail"));
    assertEquals("origin", events("alice", "passkey.login_failed").get(0).getString("detail"));
  }

  @Test
  @DisplayName("a credential made for another relying party id is refused, whatever the origin says")
  void wrongRpId() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin).rpId("example.com");

    HttpResponse<Buffer> response = registerResponse("alice", passkey, null, login("alice"));

    JsonObject problem = assertProblem(400, response);
    assertTrue(problem.getString("type").endsWith("/passkey-refused"));
    assertEquals(new JsonArray(), list("alice", basic("alice", PASSWORD)));
  }

  @Test
  @DisplayName("a challenge is used once: a replayed login and a replayed registration are refused, and so is an expired one")
  void replayedChallenge() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    String token = login("alice");
    JsonObject options = send(HttpMethod.POST, "/passkeys/register/options", bearer(token), null).bodyAsJsonObject();
    JsonObject credential = passkey.create(options);
    assertEquals(201, send(HttpMethod.POST, "/passkeys/register", bearer(token), credential).statusCode());
    assertProblem(400, send(HttpMethod.POST, "/passkeys/register", bearer(token), credential));

    JsonObject assertion = passkey.get(loginOptions());
    assertEquals(200, loginWith(assertion).statusCode());
    assertProblem(401, loginWith(assertion));

    JsonObject late = loginOptions();
    stored.expireChallenges();
    assertProblem(401, loginWith(passkey.get(late)));
    assertEquals(List.of("challenge", "challenge"), events("alice", "passkey.login_failed").stream().map(e -> e.getString("detail")).toList());
  }

  @Test
  @DisplayName("a challenge from another session: creation options of one session register nothing in another, nor log anyone in")
  void challengeOfAnotherSession() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    String first = login("alice");
    String second = login("alice");
    JsonObject options = send(HttpMethod.POST, "/passkeys/register/options", bearer(first), null).bodyAsJsonObject();

    assertProblem(400, send(HttpMethod.POST, "/passkeys/register", bearer(second), passkey.create(options)));
    String bobs = login("bob");
    JsonObject forBob = send(HttpMethod.POST, "/passkeys/register/options", bearer(bobs), null).bodyAsJsonObject();
    assertProblem(400, send(HttpMethod.POST, "/passkeys/register", bearer(first), new SoftwarePasskey(origin).create(forBob)));

    register("alice", passkey, null);
    String registrationChallenge = send(HttpMethod.POST, "/passkeys/register/options", bearer(login("alice")), null).bodyAsJsonObject()
      .getString("challenge");
    assertProblem(401, loginWith(passkey.get(loginOptions(), registrationChallenge)));
    String neverGiven = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    assertProblem(401, loginWith(passkey.get(loginOptions(), neverGiven)));
  }

  @Test
  @DisplayName("a signature counter that does not move on is refused and recorded as passkey.counter_regressed")
  void counterRegression() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin);
    String id = register("alice", passkey, null).getString("id");
    assertEquals(200, loginWith(passkey.get(loginOptions())).statusCode());
    long counter = stored.signCount(id);
    assertTrue(counter > 0);

    passkey.counting(false);
    assertProblem(401, loginWith(passkey.get(loginOptions())));

    assertEquals(counter, stored.signCount(id));
    assertEquals(id, events("alice", "passkey.counter_regressed").get(0).getString("detail"));
  }

  @Test
  @DisplayName("an authenticator that does not verify its user: its registration is 400 and its login 401")
  void userVerificationRequired() {
    SoftwarePasskey passkey = new SoftwarePasskey(origin).userVerification(false);
    assertProblem(400, registerResponse("alice", passkey, null, login("alice")));

    passkey.userVerification(true);
    register("alice", passkey, null);
    passkey.userVerification(false);
    assertProblem(401, loginWith(passkey.get(loginOptions())));
    assertEquals("signature", events("alice", "passkey.login_failed").get(0).getString("detail"));
  }

  @Test
  @DisplayName("registering takes a session: Basic credentials are 401, a login older than 5 minutes needs the password again")
  void reauthentication() {
    assertProblem(401, send(HttpMethod.POST, "/passkeys/register/options", basic("alice", PASSWORD), null));
    assertProblem(401, send(HttpMethod.POST, "/passkeys/register/options", null, null));

    JsonObject login = service.login("alice", PASSWORD).await().bodyAsJsonObject();
    stored.sessionCreatedAt(login.getString("sessionId"), Instant.now().minusSeconds(301));
    String token = bearer(login.getString("accessToken"));
    HttpResponse<Buffer> stale = send(HttpMethod.POST, "/passkeys/register/options", token, null);
    assertTrue(assertProblem(401, stale).getString("type").endsWith("/reauthentication-required"));
    assertTrue(stale.getHeader("WWW-Authenticate").contains("max_age=300"));
    assertProblem(403, send(HttpMethod.POST, "/passkeys/register/options", token, new JsonObject().put("password", "not the password")));

    HttpResponse<Buffer> proven = send(HttpMethod.POST, "/passkeys/register/options", token, new JsonObject().put("password", PASSWORD));
    assertEquals(200, proven.statusCode(), proven::bodyAsString);
    JsonObject credential = new SoftwarePasskey(origin).create(proven.bodyAsJsonObject());
    assertEquals(201, send(HttpMethod.POST, "/passkeys/register", token, credential).statusCode());
  }

  @Test
  @DisplayName("hostile bodies get problem documents, never a 500: 422 for malformed credentials, 401 or 400 for garbage client data")
  void hostileBodies() {
    String token = bearer(login("alice"));
    assertProblem(422, send(HttpMethod.POST, "/passkeys/login", null, new JsonObject()));
    assertProblem(422, send(HttpMethod.POST, "/passkeys/login", null, new JsonObject().put("id", "abc").put("rawId", "abd").put("type", "public-key")
      .put("response", new JsonObject().put("clientDataJSON", "AA").put("authenticatorData", "AA").put("signature", "AA").put("userHandle", "AA"))));
    JsonObject garbage = new JsonObject().put("id", "abc").put("rawId", "abc").put("type", "public-key")
      .put("response", new JsonObject().put("clientDataJSON", "bm90IGpzb24").put("authenticatorData", "AA").put("signature", "AA").put("userHandle", "AA"));
    assertProblem(401, send(HttpMethod.POST, "/passkeys/login", null, garbage));
    assertProblem(422, send(HttpMethod.POST, "/passkeys/login", null, garbage.copy().put("id", "a".repeat(2000)).put("rawId", "a".repeat(2000))));
    assertProblem(422, send(HttpMethod.POST, "/passkeys/login", null, garbage.copy().put("type", "password")));
    assertProblem(422, send(HttpMethod.POST, "/passkeys/register", token, garbage));
    JsonObject creation = garbage.copy().put("response", new JsonObject().put("clientDataJSON", "e30").put("attestationObject", "oA"));
    assertProblem(400, send(HttpMethod.POST, "/passkeys/register", token, creation));
    assertProblem(422, send(HttpMethod.POST, "/passkeys/register", token, new JsonObject().put("credential", "x")));
    assertProblem(415, service.client().post("/passkeys/login").putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{}")).await());
    assertProblem(400, service.client().post("/passkeys/login").putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer("{\"id\":1,\"id\":2}")).await());
    assertProblem(404, send(HttpMethod.DELETE, "/user/alice/passkeys/not%20an%20id", token, null));
  }

  private JsonObject register(String login, SoftwarePasskey passkey, String name) {
    HttpResponse<Buffer> response = registerResponse(login, passkey, name, login(login));
    assertEquals(201, response.statusCode(), response::bodyAsString);
    assertTrue(response.getHeader("Location").endsWith("/passkeys/" + response.bodyAsJsonObject().getString("id")));
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> registerResponse(String login, SoftwarePasskey passkey, String name, String token) {
    HttpResponse<Buffer> options = send(HttpMethod.POST, "/passkeys/register/options", bearer(token), null);
    assertEquals(200, options.statusCode(), options::bodyAsString);
    JsonObject credential = passkey.create(options.bodyAsJsonObject());
    return send(HttpMethod.POST, "/passkeys/register", bearer(token), name == null ? credential : credential.put("name", name));
  }

  private JsonObject loginOptions() {
    HttpResponse<Buffer> options = service.client().post("/passkeys/login/options").send().await();
    assertEquals(200, options.statusCode(), options::bodyAsString);
    return options.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> loginWith(JsonObject credential) {
    return send(HttpMethod.POST, "/passkeys/login", null, credential);
  }

  private JsonArray list(String login, String authorization) {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/user/" + login + "/passkeys", authorization, null);
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject().getJsonArray("passkeys");
  }

  private String login(String login) {
    HttpResponse<Buffer> response = service.login(login, PASSWORD).await();
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject().getString("accessToken");
  }

  private static String bearer(String token) {
    return token.startsWith("Bearer ") ? token : "Bearer " + token;
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String authorization, JsonObject body) {
    HttpRequest<Buffer> request = service.client().request(method, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    Future<HttpResponse<Buffer>> sent = body == null ? request.send()
      : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode()));
    return sent.await();
  }

  private List<JsonObject> events(String login, String prefix) {
    HttpResponse<Buffer> page = service.client().get("/admin/audit?limit=500&login=" + login).putHeader("Authorization", basic(ADMIN, PASSWORD))
      .send().await();
    return page.bodyAsJsonObject().getJsonArray("events").stream().map(JsonObject.class::cast)
      .filter(event -> prefix == null || event.getString("type").startsWith(prefix)).toList();
  }

  private static List<String> types(List<JsonObject> events) {
    return events.stream().map(event -> event.getString("type")).toList();
  }

  private static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
