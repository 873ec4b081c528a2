package io.github.userservice;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.NginxProcess;
import io.github.userservice.support.RepositoryCopy;
import io.github.userservice.support.ServiceProcess;
import io.github.userservice.tls.LocalhostCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The service behind a real nginx, started as the README says: {@code ./run.sh nginx}, from a copy of the repository
 * (on free ports, given as the script's variables), so what is tested is the shipped entry point, the shipped nginx
 * template and the service's own reading of {@code conf/config.json}. Without nginx these tests fail: {@code ./run.sh
 * test} installs it. A developer machine without nginx may skip them explicitly with {@code -DskipNginx=true} or
 * {@code SKIP_NGINX_TESTS=1} (reported as skipped); CI sets neither.
 */
@DisplayName("The service behind nginx, run by ./run.sh nginx")
@DisabledIfSystemProperty(named = "skipNginx", matches = "true", disabledReason = "skipped on request: -DskipNginx=true")
@DisabledIfEnvironmentVariable(named = "SKIP_NGINX_TESTS", matches = "1", disabledReason = "skipped on request: SKIP_NGINX_TESTS=1")
class NginxIT {

  // the first start records the class archive (./run.sh does that once per build), then starts for real
  private static final Duration START = Duration.ofSeconds(120);
  private static final String PASSWORD = "a password only this test knows";
  private static final int BODY_LIMIT = 16384;
  // the test client connects from this loopback address, which the service does not trust as a proxy
  private static final String CLIENT_ADDRESS = "127.0.0.2";

  @TempDir
  static Path dir;
  private static Path repository;
  private static Path nginxBinary;
  private static Vertx vertx;
  private static ServiceProcess runSh;
  private static int servicePort;
  private static int httpsPort;
  private static int httpPort;

  @BeforeAll
  static void start() throws Exception {
    nginxBinary = NginxProcess.binary().orElseGet(() -> fail(
      "nginx is not installed: run ./run.sh test, which installs it (-DskipNginx=true skips these tests on a machine without nginx)"));
    vertx = Vertx.vertx();
    servicePort = FreePorts.next();
    httpsPort = FreePorts.next();
    httpPort = FreePorts.next();
    repository = RepositoryCopy.into(dir.resolve("repository"));
    runSh = ServiceProcess.script(repository, Map.of(
      "NGINX_HTTPS_PORT", String.valueOf(httpsPort),
      "NGINX_HTTP_PORT", String.valueOf(httpPort),
      "SERVICE_PORT", String.valueOf(servicePort),
      // nginx (127.0.0.1) is the only trusted proxy, so a client on 127.0.0.2 is told apart from nginx in the log
      "USER_SERVICE_HTTP_TRUSTED_PROXIES", "127.0.0.1",
      "USER_SERVICE_ARGON2_MEMORY_KIB", "1024",
      "USER_SERVICE_ARGON2_ITERATIONS", "1"), "./run.sh", "nginx");
    runSh.awaitLog("user-service behind nginx", START);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (runSh != null) {
      assertEquals(143, runSh.terminate(), "./run.sh nginx stops both on SIGTERM:\n" + runSh.log());
      runSh.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("/health/ready answers 200 through nginx: a load balancer sends traffic")
  void readyThroughNginx() {
    HttpResponse<Buffer> response = client().get("/health/ready").send().await();

    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("UP", response.bodyAsJsonObject().getString("status"));
  }

  @Test
  @DisplayName("/metrics is served through nginx on the HTTPS port, where the README says it is")
  void metricsThroughNginx() {
    HttpResponse<Buffer> response = client().get("/metrics").send().await();

    assertEquals(200, response.statusCode());
    assertTrue(response.bodyAsString().contains("vertx_http_server_requests_total"), response.bodyAsString());
  }

  @Test
  @DisplayName("the service listens on loopback only, on the port given to the script")
  void serviceOnLoopback() {
    assertTrue(runSh.log().contains("user-service listening on https://127.0.0.1:" + servicePort), runSh.log());
  }

  @Test
  @DisplayName("a registration through nginx is answered 201, and the same login again 409")
  void registration() {
    assertEquals(201, post("/user/", credentials("alice@example.com", PASSWORD)).statusCode());

    HttpResponse<Buffer> again = post("/user/", credentials("alice@example.com", PASSWORD));
    assertEquals(409, again.statusCode());
    assertEquals("/problems/login-taken", again.bodyAsJsonObject().getString("type"));
  }

  @Test
  @DisplayName("a login through nginx is answered 200 with the right password and 401 with a wrong one")
  void login() {
    post("/user/", credentials("bob@example.com", PASSWORD));

    assertEquals(200, post("/login", credentials("bob@example.com", PASSWORD)).statusCode());
    assertEquals(401, post("/login", credentials("bob@example.com", PASSWORD + "x")).statusCode());
  }

  @Test
  @DisplayName("plain HTTP is answered 301 to the same path on the HTTPS port")
  void redirectsToHttps() {
    WebClient plain = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));

    HttpResponse<Buffer> response = plain.get(httpPort, "localhost", "/user/").send().await();

    assertEquals(301, response.statusCode());
    assertEquals("https://localhost:" + httpsPort + "/user/", response.getHeader("Location"));
  }

  @Test
  @DisplayName("answers carry HSTS exactly once, whether the service or nginx wrote them")
  void hsts() {
    HttpResponse<Buffer> proxied = client().get("/health").send().await();
    HttpResponse<Buffer> fromNginx = post("/user/", "x".repeat(BODY_LIMIT + 1));

    assertEquals(200, proxied.statusCode());
    assertEquals(1, proxied.headers().getAll("Strict-Transport-Security").size(), proxied.headers().toString());
    assertEquals(413, fromNginx.statusCode());
    assertEquals(1, fromNginx.headers().getAll("Strict-Transport-Security").size(), fromNginx.headers().toString());
  }

  @Test
  @DisplayName("HTTP/2 is negotiated by ALPN")
  void http2() {
    WebClient h2 = WebClient.create(vertx, clientOptions().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));

    HttpResponse<Buffer> response = h2.get("/health").send().await();

    assertEquals(200, response.statusCode());
    assertEquals(HttpVersion.HTTP_2, response.version());
  }

  @Test
  @DisplayName("a TLS 1.1 handshake is refused with a protocol_version alert, while TLS 1.2 is accepted")
  void tls11Refused() throws Exception {
    // SECLEVEL=0: OpenSSL 3 would otherwise not offer TLS 1.1 at all, and the test would pass without asking nginx
    String tls11 = openSslHandshake("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
    String tls12 = openSslHandshake("-tls1_2");

    assertTrue(tls11.contains("alert protocol version"), tls11);
    assertTrue(tls12.contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-"), tls12);
  }

  @Test
  @DisplayName("a body over the service's limit is refused by nginx itself with 413 and a problem document")
  void bodyTooLarge() throws InterruptedException {
    HttpResponse<Buffer> response = client().post("/user/").putHeader("Content-Type", "application/json")
      .putHeader("X-Request-Id", "nginx-it-too-large").sendBuffer(Buffer.buffer("x".repeat(BODY_LIMIT + 1))).await();

    assertEquals(413, response.statusCode());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertEquals(413, response.bodyAsJsonObject().getInteger("status"));
    assertEquals("nginx-it-too-large", response.getHeader("X-Request-Id"));
    assertTrue(NginxProcess.awaitAccessLogLine(repository.resolve("run/nginx"), "id=nginx-it-too-large").contains(" upstream=- "),
      "the body reached the service");
  }

  @Test
  @DisplayName("a body of exactly the service's limit passes nginx and is judged by the service")
  void bodyAtLimit() {
    String prefix = "{\"login\":\"carol@example.com\",\"password\":\"";
    String body = prefix + "p".repeat(BODY_LIMIT - prefix.length() - 2) + "\"}";

    HttpResponse<Buffer> response = post("/user/", body);

    assertEquals(BODY_LIMIT, body.length());
    assertEquals(422, response.statusCode(), response.bodyAsString());
  }

  @Test
  @DisplayName("the Server header says nginx, without a version")
  void noVersion() {
    assertEquals("nginx", client().get("/health").send().await().getHeader("Server"));
  }

  @Test
  @DisplayName("the service logs the client address nginx saw, from nginx's X-Forwarded-For, not one the client made up")
  void forwardedForThroughNginx() throws InterruptedException {
    WebClient fromOtherAddress = WebClient.create(vertx, clientOptions().setLocalAddress(CLIENT_ADDRESS));

    fromOtherAddress.get("/health").putHeader("X-Forwarded-For", "198.51.100.7")
      .putHeader("X-Request-Id", "nginx-it-through-nginx").send().await();

    assertTrue(serviceLogLine("requestId=nginx-it-through-nginx").contains("client=" + CLIENT_ADDRESS), runSh.log());
  }

  @Test
  @DisplayName("X-Forwarded-For sent straight to the service by a client that is not a trusted proxy is ignored")
  void forwardedForStraightToService() throws InterruptedException {
    WebClient direct = WebClient.create(vertx, clientOptions().setDefaultPort(servicePort).setLocalAddress(CLIENT_ADDRESS));

    direct.get("/health").putHeader("X-Forwarded-For", "198.51.100.7")
      .putHeader("X-Request-Id", "nginx-it-straight").send().await();

    assertTrue(serviceLogLine("requestId=nginx-it-straight").contains("client=" + CLIENT_ADDRESS), runSh.log());
  }

  @Test
  @DisplayName("nginx verifies the service's certificate: trusting another one, it answers 503 instead of proxying")
  void upstreamCertificateVerified() throws Exception {
    Path other = dir.resolve("other.crt");
    Files.writeString(other, LocalhostCertificate.generate().certificatePem());
    int port = FreePorts.next();

    try (NginxProcess distrustful = NginxProcess.start(nginxBinary, dir.resolve("nginx-other-cert"),
      settings(servicePort, other, port, FreePorts.next()))) {
      HttpResponse<Buffer> response = client().get(port, "localhost", "/health").send().await();

      assertEquals(503, response.statusCode());
      assertTrue(distrustful.errorLog().contains("upstream SSL certificate verify error"), distrustful.errorLog());
    }
  }

  @Test
  @DisplayName("when the service does not answer, nginx says 503 with Retry-After in a problem document")
  void serviceDown() throws Exception {
    int port = FreePorts.next();

    try (NginxProcess alone = NginxProcess.start(nginxBinary, dir.resolve("nginx-no-service"),
      settings(FreePorts.next(), repository.resolve("certs/server.crt"), port, FreePorts.next()))) {
      HttpResponse<Buffer> response = client().get(port, "localhost", "/health").send().await();

      assertEquals(503, response.statusCode());
      assertEquals("application/problem+json", response.getHeader("Content-Type"));
      assertEquals("/problems/unavailable", response.bodyAsJsonObject().getString("type"));
      assertFalse(response.getHeader("Retry-After").isEmpty());
    }
  }

  private static Map<String, String> settings(int upstreamPort, Path trustedServiceCert, int https, int http) {
    return Map.of(
      "NGINX_HTTPS_PORT", String.valueOf(https),
      "NGINX_HTTP_PORT", String.valueOf(http),
      "SERVICE_PORT", String.valueOf(upstreamPort),
      "NGINX_CERT", repository.resolve("certs/server.crt").toString(),
      "NGINX_KEY", repository.resolve("certs/server.key").toString(),
      "SERVICE_CERT", trustedServiceCert.toString());
  }

  private HttpResponse<Buffer> post(String path, String json) {
    return client().post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)).await();
  }

  private WebClient client() {
    return WebClient.create(vertx, clientOptions());
  }

  /** HTTPS to nginx as https://localhost:PORT, trusting only the shared certificate and checking the host name. */
  private static WebClientOptions clientOptions() {
    return new WebClientOptions().setSsl(true).setVerifyHost(true).setDefaultHost("localhost").setDefaultPort(httpsPort)
      .setTrustOptions(new PemTrustOptions().addCertPath(repository.resolve("certs/server.crt").toString()));
  }

  private static String serviceLogLine(String text) throws InterruptedException {
    runSh.awaitLog(text, Duration.ofSeconds(5));
    return runSh.log().lines().filter(line -> line.contains(text)).findFirst().orElseThrow();
  }

  /** {@code openssl s_client} against nginx with the given options; its whole output, whatever the outcome. */
  private static String openSslHandshake(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
      "openssl", "s_client", "-connect", "127.0.0.1:" + httpsPort, "-servername", "localhost"));
    command.addAll(List.of(options));
    Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
    openssl.getOutputStream().close();
    String output = new String(openssl.getInputStream().readAllBytes());
    if (!openssl.waitFor(10, TimeUnit.SECONDS)) {
      openssl.destroyForcibly();
    }
    return output;
  }
}
