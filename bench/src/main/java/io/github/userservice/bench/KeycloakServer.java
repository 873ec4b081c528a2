package io.github.userservice.bench;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.ProcStat;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Keycloak on loopback, as its distribution starts it ({@code kc.sh start-dev}: its embedded dev database, its own JVM
 * options), over HTTPS with the bench service's self-signed certificate, so that both pay for TLS alike. A realm
 * "bench" with Keycloak's default password hashing (no password policy: Argon2id, m=7168 KiB, t=5, p=1 in Keycloak 26)
 * and a public client "bench" allowing the direct-access (password) grant.
 */
final class KeycloakServer implements AutoCloseable {

  static final String REALM = "bench";
  static final String CLIENT = "bench";
  private static final String ADMIN = "bench-admin";

  private final Workspace workspace;
  private final Path home;
  private final Path certificate;
  private final Path key;
  private final int port = FreePorts.next();
  private final String adminPassword = UUID.randomUUID().toString();
  private final WebClient client;
  private ServiceProcess process;
  private double readySecs;

  KeycloakServer(Workspace workspace, Path home, Path certificate, Path key) {
    this.workspace = workspace;
    this.home = home;
    this.certificate = certificate;
    this.key = key;
    this.client = WebClient.create(workspace.vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** Starts Keycloak and waits for the first 200 from its OpenID discovery document, at most {@code timeoutSecs}. */
  void start(int timeoutSecs) {
    Map<String, String> environment = new HashMap<>();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
    environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    environment.put("JAVA_OPTS", ""); // kc.sh's own JVM options (G1, -Xms64m -Xmx512m), not the bench's JAVA_OPTS
    long start = System.nanoTime();
    process = workspace.register(ServiceProcess.script(workspace.dir("keycloak"), environment, home.resolve("bin/kc.sh").toString(), "start-dev",
      "--http-enabled=false", "--https-port=" + port, "--http-host=127.0.0.1", "--hostname-strict=false",
      "--https-certificate-file=" + certificate, "--https-certificate-key-file=" + key));
    long deadline = start + timeoutSecs * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited while starting:\n" + tail(process.log()));
      }
      try {
        if (client.get("/realms/master/.well-known/openid-configuration").send().await().statusCode() == 200) {
          readySecs = (System.nanoTime() - start) / 1e9;
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Service.sleep(50);
    }
    throw new IllegalStateException("Keycloak was not ready within " + timeoutSecs + " s:\n" + tail(process.log()));
  }

  double readySecs() {
    return readySecs;
  }

  int port() {
    return port;
  }

  /** The JVM's pid: kc.sh runs java as its child and waits for it. */
  long pid() {
    ProcessHandle script = ProcessHandle.of(process.pid()).orElseThrow();
    return script.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
      .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
  }

  double rssMB() {
    return ProcStat.rssMB(pid());
  }

  /** The realm and its client; the master realm's admin tokens made to last an hour (the registrations use one). */
  void configure() {
    String token = adminToken();
    expect(200, 204, client.put("/admin/realms/master").bearerTokenAuthentication(token)
      .sendJsonObject(new JsonObject().put("accessTokenLifespan", 3600)).await(), "lengthen the admin tokens");
    JsonObject realm = new JsonObject().put("realm", REALM).put("enabled", true)
      .put("clients", new JsonArray().add(new JsonObject().put("clientId", CLIENT).put("publicClient", true)
        .put("directAccessGrantsEnabled", true).put("standardFlowEnabled", false)));
    expect(201, 201, client.post("/admin/realms").bearerTokenAuthentication(token).sendJsonObject(realm).await(), "create the realm");
  }

  /** An admin access token of the master realm. */
  String adminToken() {
    HttpResponse<Buffer> answer = client.post("/realms/master/protocol/openid-connect/token").sendForm(MultiMap.caseInsensitiveMultiMap()
      .add("grant_type", "password").add("client_id", "admin-cli").add("username", ADMIN).add("password", adminPassword)).await();
    expect(200, 200, answer, "get an admin token");
    return answer.bodyAsJsonObject().getString("access_token");
  }

  /** The status of a login with this password: 200 for the right one, 401 for a wrong one when Keycloak really checks. */
  int login(String username, String password) {
    return client.post("/realms/" + REALM + "/protocol/openid-connect/token").sendForm(MultiMap.caseInsensitiveMultiMap()
      .add("grant_type", "password").add("client_id", CLIENT).add("username", username).add("password", password)).await().statusCode();
  }

  /** What Keycloak stored for a user's password: algorithm and parameters (its credentialData), no hash or salt. */
  String storedHashParameters(String username) {
    String token = adminToken();
    JsonArray users = client.get("/admin/realms/" + REALM + "/users").addQueryParam("username", username).addQueryParam("exact", "true")
      .bearerTokenAuthentication(token).send().await().bodyAsJsonArray();
    String id = users.getJsonObject(0).getString("id");
    JsonArray credentials = client.get("/admin/realms/" + REALM + "/users/" + id + "/credentials").bearerTokenAuthentication(token)
      .send().await().bodyAsJsonArray();
    return credentials.getJsonObject(0).getString("credentialData");
  }

  void stop() {
    if (process == null) {
      return;
    }
    try {
      process.terminate();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workspace.closed(process);
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private static void expect(int low, int high, HttpResponse<Buffer> answer, String what) {
    if (answer.statusCode() < low || answer.statusCode() > high) {
      throw new IllegalStateException("Keycloak: could not " + what + ": " + answer.statusCode() + " " + answer.bodyAsString());
    }
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
  }
}
