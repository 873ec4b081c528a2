package io.github.userservice.tls;

import io.vertx.core.http.HttpServerOptions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The TLS policy of the HTTPS server: TLS 1.2 and 1.3 only, Mozilla's "intermediate" cipher suites, HTTP/2 by ALPN,
 * a handshake timeout, and no renegotiation asked for by clients: each one costs the server a full handshake's CPU,
 * so a client repeating it on one connection is a cheap denial of service (TLS scanners flag it).
 */
public final class ServerTls {

  // Mozilla "intermediate" (TLS 1.2 part), in JDK names; TLS 1.3 suites are all strong and stay as the JDK has them
  private static final List<String> CIPHER_SUITES = List.of(
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

  static {
    // the JDK engine reads this once, when the process's first server handshake loads its server handshake class:
    // this class is used to build every HTTPS server, so it is set before any (TLS 1.3 has no renegotiation at all)
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
  }

  private ServerTls() {
  }

  /** HTTPS options with this policy, presenting the certificate. */
  public static HttpServerOptions options(ServerCertificate certificate) {
    HttpServerOptions options = new HttpServerOptions()
      .setSsl(true)
      .setUseAlpn(true)
      .setKeyCertOptions(certificate.keyCertOptions())
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
      .setSslHandshakeTimeout(10)
      .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }
}
