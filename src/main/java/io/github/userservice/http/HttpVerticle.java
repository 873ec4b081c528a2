package io.github.userservice.http;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.tls.ServerCertificate;
import io.github.userservice.bus.UserAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS server on an event loop, serving the {@link ApiRouter}: TLS 1.2/1.3, HTTP/2, timeouts. It never
 * blocks and never hashes: every question about users goes to the user store over the event bus.
 */
public final class HttpVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 20;
  // Mozilla "intermediate" (TLS 1.2 part), in JDK names; TLS 1.3 suites are all strong and stay as the JDK has them
  private static final List<String> CIPHER_SUITES = List.of(
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

  private final ServiceConfig config;
  private final ServerCertificate certificate;
  private final SharedServices shared;
  private HttpServer server;

  public HttpVerticle(ServiceConfig config, ServerCertificate certificate, SharedServices shared) {
    this.config = Objects.requireNonNull(config);
    this.certificate = Objects.requireNonNull(certificate);
    this.shared = Objects.requireNonNull(shared);
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus()
      .<JsonObject>consumer(UserAddresses.CHANGED, changed -> shared.knownUsers().forget(changed.body().getString("login")))
      .completion()
      .compose(subscribed -> vertx.createHttpServer(serverOptions())
        .invalidRequestHandler(new InvalidRequests())
        .requestHandler(ApiRouter.create(vertx, config, shared))
        .listen())
      .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections and lets requests in flight finish (SIGTERM ends here). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  private HttpServerOptions serverOptions() {
    HttpServerOptions options = new HttpServerOptions()
      .setHost(config.http().host())
      .setPort(config.http().port())
      .setSsl(true)
      .setUseAlpn(true)
      .setKeyCertOptions(certificate.keyCertOptions())
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
      .setIdleTimeout(30)
      .setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setSslHandshakeTimeout(10)
      .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }
}
