package io.github.userservice.totp;

import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.SessionAddresses;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.support.Authenticator;
import io.github.userservice.support.Backend;
import io.github.userservice.support.QrCodeImages;
import io.github.userservice.support.StoredSessions;
import io.github.userservice.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
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
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.github.userservice.support.ProblemAssertions.assertProblem;
import static io.github.userservice.support.TestService.PASSWORD;
import static io.github.userservice.support.TestService.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(60_000)
@DisplayName("A second factor: TOTP with recovery codes")
class SecondFactorTest {

  private static final String ADMIN = "root@example.com";

  @Parameter
  Backend backend;

  private Vertx vertx;
  private TestService service;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    service = new TestService(vertx, dir, backend);
    service.config().put("admins", new JsonArray().add(ADMIN)).put("totp", new JsonObject().put("issuer", "Example Co"));
    service.deploy().await();
    for (String login : List.of("alice", "bob", ADMIN)) {
      assertEquals(201, service.register(login, PASSWORD).await().statusCode());
    }
  }

  @Test
  @DisplayName("POST /user/{login}/totp with the password gives a secret, its otpauth:// URI and that URI as a QR code, not active until confirmed")
  void enrollment() throws Exception {
    HttpResponse<Buffer> enrolled = send(HttpMethod.POST, "/user/alice/totp", basic("alice", PASSWORD), null);

    assertEquals(200, enrolled.statusCode(), enrolled::bodyAsString);
    JsonObject body = enrolled.bodyAsJsonObject();
    assertTrue(body.getString("secret").matches("[A-Z2-7]{32}"), "160 bits in base 32");
    assertEquals("otpauth://totp/Example%20Co:alice?secret=" + body.getString("secret")
      + "&issuer=Example%20Co&algorithm=SHA1&digits=6&period=30", body.getString("uri"));
    assertEquals(body.getString("uri"), QrCodeImages.read(body.getString("qrCode")), "the QR code, read by ZXing, is the URI");
    assertFalse(account("alice").getBoolean("totpEnabled"));
    assertEquals(200, login("alice").statusCode());
    assertTrue(login("alice").bodyAsJsonObject().containsKey("accessToken"), "no second factor yet");
  }

  @Test
  @DisplayName("the user's own record, read with its token, shows the second factor on and off at once, and a change made over the event bus once announced")
  void ownRecordFollowsChanges() throws Exception {
    String token = login("alice").bodyAsJsonObject().getString("accessToken");
    assertFalse(own("alice", token).getBoolean("totpEnabled"), "remembered with the second factor off");

    enable("alice");
    assertTrue(own("alice", token).getBoolean("totpEnabled"));

    Promise<Void> announced = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(UserAddresses.CHANGED, change -> announced.tryComplete()).completion().await();
    JsonObject disabled = vertx.eventBus().<JsonObject>request(SessionAddresses.TOTP_DISABLE, new JsonObject().put("login", "alice"),
      new RequestOrigin(null, "192.0.2.1", ADMIN).addTo(new DeliveryOptions())).await().body();
    assertTrue(disabled.getBoolean("disabled"));
    announced.future().await(10, TimeUnit.SECONDS); // bounded: a missing announcement fails, it does not hang
    // the HTTP verticle got the same announcement and acts on it on its own event loop: within seconds, where without
    // the announcement the edge would show its copy for the 30 s it keeps one
    boolean shown = true;
    for (int i = 0; i < 50 && shown; i++) {
      Thread.sleep(100);
      shown = own("alice", token).getBoolean("totpEnabled");
    }
    assertFalse(shown, "the second factor still shown as on 5 s after the announcement");
  }

  @Test
  @DisplayName("enrolling needs the password itself: a token is not enough (401), another user's account is 403")
  void enrollmentNeedsPassword() {
    String token = login("alice").bodyAsJsonObject().getString("accessToken");

    assertProblem(401, send(HttpMethod.POST, "/user/alice/totp", "Bearer " + token, null));
    assertProblem(403, send(HttpMethod.POST, "/user/alice/totp", basic("bob", PASSWORD), null));
    assertProblem(403, send(HttpMethod.POST, "/user/alice/totp", basic(ADMIN, PASSWORD), null));
  }

  @Test
  @DisplayName("the first right code enables it and hands out ten recovery codes; a wrong one or one two steps old is 422")
  void confirmation() {
    Authenticator app = enroll("alice");

    assertProblem(422, confirm("alice", app.staleCode()));
    assertProblem(422, send(HttpMethod.POST, "/user/alice/totp/confirm", basic("alice", PASSWORD), new JsonObject().put("code", "12345")));
    HttpResponse<Buffer> confirmed = confirm("alice", app.code());

    assertEquals(200, confirmed.statusCode(), confirmed::bodyAsString);
    JsonArray codes = confirmed.bodyAsJsonObject().getJsonArray("recoveryCodes");
    assertEquals(10, codes.size());
    assertEquals(10, Set.copyOf(codes.getList()).size());
    assertTrue(account("alice").getBoolean("totpEnabled"));
    assertProblem(409, send(HttpMethod.POST, "/user/alice/totp/confirm", "Bearer " + mfaLogin("alice", app), new JsonObject().put("code", "123456")));
    assertEquals(List.of("totp.enrollment_started", "totp.confirmation_failed", "totp.enabled"), types(events("alice", "totp.")));
  }

  @Test
  @DisplayName("with TOTP, the password step answers mfaRequired and an mfaToken valid 300 s, and no tokens")
  void passwordStep() {
    enable("alice");

    HttpResponse<Buffer> response = login("alice");

    assertEquals(200, response.statusCode());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(Set.of("mfaRequired", "mfaToken", "expiresIn"), body.fieldNames());
    assertTrue(body.getBoolean("mfaRequired"));
    assertEquals(300, body.getInteger("expiresIn"));
  }

  @Test
  @DisplayName("a wrong password gets the same 401, byte for byte, whether or not the account has TOTP")
  void wrongPasswordAlike() {
    enable("alice");

    HttpResponse<Buffer> withTotp = service.login("alice", "not the password at all").await();
    HttpResponse<Buffer> without = service.login("bob", "not the password at all").await();

    assertProblem(401, withTotp);
    assertEquals(without.statusCode(), withTotp.statusCode());
    assertEquals(without.bodyAsString(), withTotp.bodyAsString());
  }

  @Test
  @DisplayName("an mfaToken opens nothing: not /user/{login} as a Bearer token, not a refresh")
  void mfaTokenIsNoAccessToken() {
    enable("alice");
    String mfaToken = login("alice").bodyAsJsonObject().getString("mfaToken");

    assertProblem(401, service.withToken(HttpMethod.GET, "/user/alice", mfaToken).await());
    assertProblem(401, service.postJson("/token/refresh", new JsonObject().put("refreshToken", mfaToken).encode()).await());
  }

  @Test
  @DisplayName("the second step with the app's code gives a session whose token says pwd and otp, with no hash; the mfaToken is single use")
  void secondStep() {
    Authenticator app = enable("alice");
    String mfaToken = login("alice").bodyAsJsonObject().getString("mfaToken");
    long hashes = service.argon2Operations();

    HttpResponse<Buffer> response = mfa(mfaToken, new JsonObject().put("code", app.code(Authenticator.stepNow() + 1)));

    assertEquals(200, response.statusCode(), response::bodyAsString);
    assertEquals(hashes, service.argon2Operations(), "the second step hashes nothing");
    JsonObject body = response.bodyAsJsonObject();
    assertTrue(body.containsKey("refreshToken"));
    JsonObject claims = payload(body.getString("accessToken"));
    assertEquals(new JsonArray().add("pwd").add("otp"), claims.getJsonArray("amr"));
    assertEquals(200, service.withToken(HttpMethod.GET, "/user/alice", body.getString("accessToken")).await().statusCode());
    assertProblem(401, mfa(mfaToken, new JsonObject().put("code", app.code())));
    JsonObject refreshed = service.postJson("/token/refresh", new JsonObject().put("refreshToken", body.getString("refreshToken")).encode())
      .await().bodyAsJsonObject();
    assertEquals(new JsonArray().add("pwd").add("otp"), payload(refreshed.getString("accessToken")).getJsonArray("amr"), "kept through refreshes");
    assertEquals(List.of("login.succeeded", "mfa.succeeded", "session.started"),
      types(events("alice", null)).stream().filter(type -> type.startsWith("login.") || type.startsWith("mfa.") || type.startsWith("session."))
        .toList().subList(2, 5));
  }

  @Test
  @DisplayName("a code works once: the same code for the next login is refused, and so is a code from two steps ago")
  void codeOnce() {
    Authenticator app = enable("alice");
    String code = app.code(Authenticator.stepNow() + 1);
    assertEquals(200, mfa(login("alice").bodyAsJsonObject().getString("mfaToken"), new JsonObject().put("code", code)).statusCode());

    String nextMfaToken = login("alice").bodyAsJsonObject().getString("mfaToken");
    HttpResponse<Buffer> replayed = mfa(nextMfaToken, new JsonObject().put("code", code));
    HttpResponse<Buffer> stale = mfa(nextMfaToken, new JsonObject().put("code", app.staleCode()));

    assertEquals("/problems/wrong-code", assertProblem(401, replayed).getString("type"));
    assertEquals("/problems/wrong-code", assertProblem(401, stale).getString("type"));
    assertEquals("totp", events("alice", "mfa.failed").get(0).getString("detail"));
  }

  @Test
  @DisplayName("a recovery code logs in once, is recorded as used, and is refused the second time")
  void recoveryCodeOnce() {
    Authenticator app = enroll("alice");
    String recoveryCode = confirm("alice", app.code()).bodyAsJsonObject().getJsonArray("recoveryCodes").getString(3);

    HttpResponse<Buffer> first = mfa(login("alice").bodyAsJsonObject().getString("mfaToken"),
      new JsonObject().put("recoveryCode", recoveryCode.toUpperCase()));
    HttpResponse<Buffer> second = mfa(login("alice").bodyAsJsonObject().getString("mfaToken"), new JsonObject().put("recoveryCode", recoveryCode));

    assertEquals(200, first.statusCode(), first::bodyAsString);
    assertEquals(new JsonArray().add("pwd").add("otp"), payload(first.bodyAsJsonObject().getString("accessToken")).getJsonArray("amr"));
    assertProblem(401, second);
    assertEquals("9 left", events("alice", "recovery_code.used").get(0).getString("detail"));
    assertEquals("recovery_code", events("alice", "mfa.succeeded").get(0).getString("detail"));
  }

  @Test
  @DisplayName("five wrong codes, then the account waits: 429 with Retry-After, even with the right code")
  void wrongCodesThrottled() {
    Authenticator app = enable("alice");
    String mfaToken = login("alice").bodyAsJsonObject().getString("mfaToken");
    for (int i = 0; i < 5; i++) {
      assertProblem(401, mfa(mfaToken, new JsonObject().put("code", app.staleCode())));
    }

    HttpResponse<Buffer> held = mfa(mfaToken, new JsonObject().put("code", app.code(Authenticator.stepNow() + 1)));

    assertProblem(429, held);
    assertTrue(Integer.parseInt(held.getHeader("Retry-After")) >= 1);
    assertEquals(5, events("alice", "mfa.failed").size());
    assertEquals("refused", events("alice", "mfa.throttled").get(0).getString("outcome"));
  }

  @Test
  @DisplayName("an mfaToken is bound to its client's address, and to nothing but a second step")
  void mfaTokenBound() {
    Authenticator app = enable("alice");
    String mfaToken = login("alice").bodyAsJsonObject().getString("mfaToken");

    HttpResponse<Buffer> elsewhere = service.client().post("/login/mfa").putHeader("Content-Type", "application/json")
      .putHeader("X-Forwarded-For", "203.0.113.99")
      .sendBuffer(Buffer.buffer(new JsonObject().put("mfaToken", mfaToken).put("code", app.code(Authenticator.stepNow() + 1)).encode())).await();

    assertEquals("/problems/invalid-mfa-token", assertProblem(401, elsewhere).getString("type"));
    assertEquals("/problems/invalid-mfa-token", assertProblem(401, mfa("no such token", new JsonObject().put("code", "123456"))).getString("type"));
  }

  @Test
  @DisplayName("hostile second steps get problem documents: both codes, neither, a code of letters, no JSON")
  void hostileSecondStep() {
    assertProblem(422, mfa("token", new JsonObject().put("code", "123456").put("recoveryCode", "abcd")));
    assertProblem(422, mfa("token", new JsonObject()));
    assertProblem(422, mfa("token", new JsonObject().put("code", "abcdef")));
    assertProblem(422, mfa("token", new JsonObject().put("code", 123456)));
    assertProblem(422, service.postJson("/login/mfa", new JsonObject().put("code", "123456").encode()).await());
    assertProblem(400, service.postJson("/login/mfa", "[1,2]").await());
  }

  @Test
  @DisplayName("with TOTP on, the password alone opens nothing: Basic credentials get 401 second-factor-required")
  void basicRefused() {
    enable("alice");

    HttpResponse<Buffer> response = service.getUser("/user/alice", "alice", PASSWORD).await();

    assertEquals("/problems/second-factor-required", assertProblem(401, response).getString("type"));
    assertEquals("/problems/invalid-credentials", assertProblem(401, service.getUser("/user/alice", "alice", "wrong password!")
      .await()).getString("type"), "a wrong password is told as always");
  }

  @Test
  @DisplayName("turning it off takes a session that passed it and the password again; then a login needs the password only")
  void disable() {
    String before = login("alice").bodyAsJsonObject().getString("accessToken");
    Authenticator app = enable("alice");
    String after = mfaLogin("alice", app);
    JsonObject password = new JsonObject().put("password", PASSWORD);

    assertEquals("/problems/second-factor-required", assertProblem(401, send(HttpMethod.DELETE, "/user/alice/totp", "Bearer " + before, password))
      .getString("type"), "a session from before the second factor");
    assertEquals("/problems/wrong-password", assertProblem(403, send(HttpMethod.DELETE, "/user/alice/totp", "Bearer " + after,
      new JsonObject().put("password", "not the password at all"))).getString("type"));
    assertProblem(422, send(HttpMethod.DELETE, "/user/alice/totp", "Bearer " + after, new JsonObject()));
    assertEquals(204, send(HttpMethod.DELETE, "/user/alice/totp", "Bearer " + after, password).statusCode());

    assertFalse(account("alice").getBoolean("totpEnabled"));
    assertTrue(login("alice").bodyAsJsonObject().containsKey("accessToken"));
    assertEquals(1, events("alice", "totp.disabled").size());
    assertProblem(404, send(HttpMethod.DELETE, "/user/alice/totp", basic("alice", PASSWORD), null));
  }

  @Test
  @DisplayName("an admin turns another user's second factor off (a lost phone); another user cannot")
  void adminDisables() {
    enable("alice");

    assertProblem(403, send(HttpMethod.DELETE, "/user/alice/totp", basic("bob", PASSWORD), null));
    assertEquals(204, send(HttpMethod.DELETE, "/user/alice/totp", basic(ADMIN, PASSWORD), null).statusCode());

    assertEquals(ADMIN, events("alice", "totp.disabled").get(0).getString("actor"));
    assertTrue(login("alice").bodyAsJsonObject().containsKey("accessToken"));
  }

  @Test
  @DisplayName("enrolling again while on is refused: the secret stays until it is turned off")
  void enrollWhileEnabled() {
    Authenticator app = enable("alice");
    String token = mfaLogin("alice", app);

    assertProblem(401, send(HttpMethod.POST, "/user/alice/totp", "Bearer " + token, null));
    assertTrue(account("alice").getBoolean("totpEnabled"));
  }

  @Test
  @DisplayName("the secret is kept encrypted: its base 32 and its bytes are nowhere in the database")
  void secretEncrypted() {
    HttpResponse<Buffer> enrolled = send(HttpMethod.POST, "/user/alice/totp", basic("alice", PASSWORD), null);
    String secret = enrolled.bodyAsJsonObject().getString("secret");
    List<String> codes = confirm("alice", Authenticator.scanning(enrolled.bodyAsJsonObject().getString("uri")).code())
      .bodyAsJsonObject().getJsonArray("recoveryCodes").getList();

    try (StoredSessions stored = StoredSessions.open(vertx, service.config().getJsonObject("db"))) {
      String everything = stored.everything();
      assertTrue(everything.contains("v1:"), "an encrypted secret is there");
      assertFalse(everything.contains(secret));
      assertFalse(everything.contains(Base64.getEncoder().encodeToString(base32(secret))));
      codes.forEach(code -> assertFalse(everything.contains(code.replace("-", "")), "a recovery code in plain"));
    }
  }

  // --- helpers ---

  /** Starts an enrollment with the password and scans its URI. */
  private Authenticator enroll(String login) {
    HttpResponse<Buffer> enrolled = send(HttpMethod.POST, "/user/" + login + "/totp", basic(login, PASSWORD), null);
    assertEquals(200, enrolled.statusCode(), enrolled::bodyAsString);
    return Authenticator.scanning(enrolled.bodyAsJsonObject().getString("uri"));
  }

  /** An enabled second factor: enrolled and confirmed with the code of this step (a login then takes the next step's). */
  private Authenticator enable(String login) {
    Authenticator app = enroll(login);
    assertEquals(200, confirm(login, app.code()).statusCode());
    return app;
  }

  /** A login in both steps, with the next step's code (this step's went to the confirmation); the access token. */
  private String mfaLogin(String login, Authenticator app) {
    HttpResponse<Buffer> response = mfa(login(login).bodyAsJsonObject().getString("mfaToken"),
      new JsonObject().put("code", app.code(Authenticator.stepNow() + 1)));
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject().getString("accessToken");
  }

  private HttpResponse<Buffer> confirm(String login, String code) {
    return send(HttpMethod.POST, "/user/" + login + "/totp/confirm", basic(login, PASSWORD), new JsonObject().put("code", code));
  }

  private HttpResponse<Buffer> login(String login) {
    return service.login(login, PASSWORD).await();
  }

  private HttpResponse<Buffer> mfa(String mfaToken, JsonObject step) {
    return service.postJson("/login/mfa", step.copy().put("mfaToken", mfaToken).encode()).await();
  }

  private JsonObject account(String login) {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/user/" + login, basic(ADMIN, PASSWORD), null);
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject();
  }

  /** The user's own record, read with its access token. */
  private JsonObject own(String login, String token) {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/user/" + login, "Bearer " + token, null);
    assertEquals(200, response.statusCode(), response::bodyAsString);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String authorization, JsonObject body) {
    HttpRequest<Buffer> request = service.client().request(method, path).putHeader("Authorization", authorization);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send()
      : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode()));
    return sent.await();
  }

  /** The audit events about a login, oldest first, of the types starting with {@code prefix} (all when null). */
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

  private static byte[] base32(String text) {
    return io.github.userservice.totp.Base32.decode(text);
  }
}
