package io.github.userservice.support;

import io.github.userservice.MainVerticle;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.keyring.KeyRingStorage;
import io.github.userservice.keyring.SigningKey;
import io.github.userservice.store.Dialect;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;

/**
 * The real service, deployed for one test: {@link MainVerticle} on a free port of 127.0.0.1, a fresh database (a
 * SQLite file in the test's temporary folder, or a new database on the tests' PostgreSQL server), a self-signed
 * certificate generated in the test's folder, and an HTTPS client that trusts exactly that certificate. Argon2 runs
 * with small parameters to keep the suite fast.
 */
public final class TestService {

  public static final String PASSWORD = "correct horse battery";

  private final Vertx vertx;
  private final Path dir;
  private final Backend backend;
  private final JsonObject config;
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private WebClient client;
  private HttpClient httpClient;
  private String deploymentId;

  public TestService(Vertx vertx, Path dir) {
    this(vertx, dir, Backend.SQLITE);
  }

  public TestService(Vertx vertx, Path dir, Backend backend) {
    this.vertx = vertx;
    this.dir = dir;
    this.backend = backend;
    this.config = new JsonObject()
      .put("http", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.next()).put("instances", 1))
      .put("tls", new JsonObject().put("certPath", dir.resolve("server.crt").toString()).put("keyPath", dir.resolve("server.key").toString()))
      .put("db", backend.db(dir))
      .put("argon2", new JsonObject().put("memoryKiB", 256).put("iterations", 1).put("parallelism", 1))
      .put("tokens", new JsonObject().put("keysPath", dir.resolve("data/jwt-keys.json").toString()))
      .put("sessions", new JsonObject().put("keysPath", dir.resolve("data/session-keys.json").toString()))
      // every test user comes from loopback: the registrations per address are limited only where a test says so
      .put("throttle", new JsonObject().put("registrationsPerAddressPerHour", 0))
      .put("worker", new JsonObject().put("instances", 2));
  }

  /** The configuration the service will be deployed with; change it before {@link #deploy()}. */
  public JsonObject config() {
    return config;
  }

  /** The service's own meters: hash timings, login and registration outcomes. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** How many times the store computed or verified an Argon2 hash so far. */
  public long argon2Operations() {
    return meters.find("password.hashing").timers().stream().mapToLong(timer -> timer.count()).sum();
  }

  public Path dir() {
    return dir;
  }

  public Backend backend() {
    return backend;
  }

  /** The users as stored, read and changed behind the service's back. */
  public StoredUsers storedUsers() {
    return StoredUsers.open(vertx, config.getJsonObject("db"));
  }

  public int port() {
    return config.getJsonObject("http").getInteger("port");
  }

  public Future<String> deploy() {
    return vertx.deployVerticle(new MainVerticle(meters), new io.vertx.core.DeploymentOptions().setConfig(config))
      .onSuccess(id -> deploymentId = id);
  }

  public Future<Void> undeploy() {
    return vertx.undeploy(deploymentId);
  }

  /** An HTTPS client that trusts the service's self-signed certificate and checks its host name. */
  public WebClient client() {
    if (client == null) {
      client = WebClient.create(vertx, new WebClientOptions(clientOptions()),
        // enough connections for the bursts the tests send in parallel
        new PoolOptions().setHttp1MaxSize(64));
    }
    return client;
  }

  /** A plain HTTP client with the same trust, for tests that stream bodies rather than buffer them. */
  public HttpClient httpClient() {
    if (httpClient == null) {
      httpClient = vertx.createHttpClient(clientOptions());
    }
    return httpClient;
  }

  public HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String path) {
    return client().request(method, path);
  }

  public Future<HttpResponse<Buffer>> postJson(String path, String body) {
    return client().post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  public Future<HttpResponse<Buffer>> register(String login, String password) {
    return postJson("/user/", credentials(login, password));
  }

  public Future<HttpResponse<Buffer>> login(String login, String password) {
    return postJson("/login", credentials(login, password));
  }

  public Future<HttpResponse<Buffer>> getUser(String path, String login, String password) {
    return client().get(path).putHeader("Authorization", basic(login, password)).send();
  }

  /** Logs in and returns the access token. */
  public String token(String login, String password) {
    HttpResponse<Buffer> response = login(login, password).await();
    if (response.statusCode() != 200) {
      throw new AssertionError("login failed: " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("accessToken");
  }

  public Future<HttpResponse<Buffer>> withToken(io.vertx.core.http.HttpMethod method, String path, String token) {
    return client().request(method, path).putHeader("Authorization", "Bearer " + token).send();
  }

  /** The token key file the service makes in the test's folder (SQLite; PostgreSQL keeps the keys in the database). */
  public Path keysFile() {
    return Path.of(config.getJsonObject("tokens").getString("keysPath"));
  }

  /** The key that signs tokens now, private part included, read from where the store keeps it. */
  public SigningKey signingKey() {
    ServiceConfig parsed = ServiceConfig.fromJson(config.copy());
    return KeyRingStorage.of(parsed.tokens(), Dialect.of(parsed.db()).sharedStatePool(vertx), Clock.systemUTC()).load().await().current();
  }

  private HttpClientOptions clientOptions() {
    return new HttpClientOptions()
      .setSsl(true)
      .setVerifyHost(true)
      .setTrustOptions(new PemTrustOptions().addCertPath(config.getJsonObject("tls").getString("certPath")))
      .setDefaultHost("localhost")
      .setDefaultPort(port());
  }

  public static String credentials(String login, String password) {
    return new JsonObject().put("login", login).put("password", password).encode();
  }

  public static String basic(String login, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
