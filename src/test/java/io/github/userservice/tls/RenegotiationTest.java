package io.github.userservice.tls;

import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(30_000)
@DisplayName("TLS renegotiation")
class RenegotiationTest {

  @ParameterizedTest(name = "tls.engine {0}")
  @ValueSource(strings = {"openssl", "jdk"})
  @DisplayName("a client asking to renegotiate a TLS 1.2 connection gets a fatal alert, and no answer on it")
  void clientRenegotiationRefused(String engine, Vertx vertx, @TempDir Path dir) throws Exception {
    TestService service = new TestService(vertx, dir);
    service.config().getJsonObject("tls").put("engine", engine);
    service.deploy().await();

    // openssl s_client renegotiates when it reads a line "R"; then a request on the same connection
    Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + service.port(), "-tls1_2",
      "-servername", "localhost").redirectErrorStream(true).start();
    try (OutputStream input = openssl.getOutputStream()) {
      Thread.sleep(1_000);
      input.write("R\n".getBytes(StandardCharsets.US_ASCII));
      input.flush();
      Thread.sleep(1_000);
      input.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      input.flush();
      Thread.sleep(1_000);
    } catch (java.io.IOException closedByServer) {
      // the server may already have closed the connection, and openssl exited
    }
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    openssl.waitFor(5, TimeUnit.SECONDS);

    assertTrue(output.contains("Protocol  : TLSv1.2"), "the first handshake is accepted:\n" + output);
    assertTrue(output.contains("RENEGOTIATING"), output);
    // the JDK's engine answers handshake_failure, OpenSSL's (BoringSSL) no_renegotiation
    assertTrue(output.contains(engine.equals("jdk") ? "alert handshake failure" : "alert no renegotiation"), output);
    assertFalse(output.contains("HTTP/1.1 200"), output);
  }
}
