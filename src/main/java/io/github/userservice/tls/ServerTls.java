package io.github.userservice.tls;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TLS policy of the HTTPS server: TLS 1.2 and 1.3 only, Mozilla's "intermediate" cipher suites, HTTP/2 by ALPN,
 * a handshake timeout, and no renegotiation asked for by clients: each one costs the server a full handshake's CPU,
 * so a client repeating it on one connection is a cheap denial of service (TLS scanners flag it).
 *
 * <p>The engine is OpenSSL (BoringSSL, from netty-tcnative) where its native library loads: a handshake costs less
 * CPU than in the JDK's engine, and the first one (at start-up) far less time; elsewhere, or with {@code tls.engine}
 * {@code jdk}, the JDK's. BoringSSL never renegotiates as a server; the JDK is told to refuse it below.
 */
public final class ServerTls {

  // Mozilla "intermediate" (TLS 1.2 part), in JDK names; TLS 1.3 suites are all strong and stay as the JDK has them
  private static final List<String> CIPHER_SUITES = List.of(
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  // the rest of "intermediate": BoringSSL has no finite-field Diffie-Hellman, so these exist with the JDK's engine only
  private static final List<String> JDK_ONLY_CIPHER_SUITES = List.of(
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

  static {
    // the JDK engine reads this once, when the process's first server handshake loads its server handshake class:
    // this class is used to build every HTTPS server, so it is set before any (TLS 1.3 has no renegotiation at all)
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
  }

  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

  private ServerTls() {
  }

  /** HTTPS options with this policy, presenting the certificate, on the engine asked for ({@code tls.engine}). */
  public static HttpServerOptions options(ServerCertificate certificate, String engine) {
    SSLEngineOptions sslEngine = engine(engine);
    HttpServerOptions options = new HttpServerOptions()
      .setSsl(true)
      .setSslEngineOptions(sslEngine)
      .setUseAlpn(true)
      .setKeyCertOptions(certificate.keyCertOptions())
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
      .setSslHandshakeTimeout(10)
      .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    if (sslEngine instanceof JdkSSLEngineOptions) {
      JDK_ONLY_CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    }
    return options;
  }

  /** OpenSSL when asked for and its native library loads here, else the JDK's engine (the fallback logged once). */
  private static SSLEngineOptions engine(String asked) {
    if (asked.equals("openssl")) {
      if (OpenSSLEngineOptions.isAvailable()) {
        return new OpenSSLEngineOptions();
      }
      if (FALLBACK_LOGGED.compareAndSet(false, true)) {
        LOG.warn("TLS: the JDK's engine, as OpenSSL (netty-tcnative) could not be loaded here: {}", String.valueOf(OpenSsl.unavailabilityCause()));
      }
    }
    return new JdkSSLEngineOptions();
  }
}
