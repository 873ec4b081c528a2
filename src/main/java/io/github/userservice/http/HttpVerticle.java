package io.github.userservice.http;

import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.token.AccessTokens;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.tls.ServerCertificate;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS API on an event loop: routing, validation and problem documents. It never blocks and never hashes:
 * every question about users goes to the user store over the event bus through {@link UserStoreClient}.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
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
    return vertx.createHttpServer(serverOptions())
      .invalidRequestHandler(new InvalidRequests())
      .requestHandler(router())
      .listen()
      .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections and lets requests in flight finish (SIGTERM ends here). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  private Router router() {
    UserStoreClient store = new UserStoreClient(vertx, config.worker().sendTimeoutMs(), shared.admission());
    AccessTokens tokens = new AccessTokens(vertx, shared.keys(), config.tokens().issuer(), config.tokens().ttlSeconds());
    PasswordCheck passwords = new PasswordCheck(store, shared.throttle(), shared.metrics());
    PasswordPolicy policy = new PasswordPolicy(config.password().minLength());
    UserRoutes users = new UserRoutes(store, passwords, tokens, shared.throttle(), policy, shared.metrics());
    AdminRoutes admin = new AdminRoutes(store, shared.keys());
    KeySetRoute keySet = new KeySetRoute(tokens);
    HealthRoute health = new HealthRoute(store);
    Authentication auth = new Authentication(passwords, tokens, store, config.admins());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes());

    Router router = Router.router(vertx);
    router.route()
      .handler(new RequestDeadline(config.http().requestTimeoutMs()))
      .handler(new CommonHeaders())
      .handler(new ClientAddress(config.http().trustedProxies()))
      .handler(new AccessLog());
    router.post("/user/").handler(body).handler(users::register);
    router.get("/user/").handler(auth).handler(admin::list);
    router.get("/user/:login").handler(auth).handler(users::find);
    router.delete("/user/:login").handler(auth).handler(users::delete);
    router.put("/user/:login/password").handler(body).handler(auth).handler(users::changePassword);
    router.post("/login").handler(body).handler(users::login);
    router.get("/.well-known/jwks.json").handler(keySet::keys);
    router.post("/admin/keys/rotate").handler(auth).handler(admin::rotateKeys);
    router.get("/health").handler(health::check);
    MethodNotAllowed.addFallbacks(router);
    router.route().failureHandler(this::sendProblem);
    router.errorHandler(404, ctx -> Problems.notFound().send(ctx.request()));
    // failures no route handles: a request Vert.x could not decode (400), or a crash outside any handler (500)
    router.errorHandler(400, ctx -> Problem.ofStatus(400, "The request is malformed.").send(ctx.request()));
    router.errorHandler(500, this::sendProblem);
    return router;
  }

  private void sendProblem(RoutingContext ctx) {
    Problem problem = Problems.from(ctx, config.http().bodyLimitBytes());
    if (problem.status() >= 500 && problem.status() != 503) {
      LOG.error("request {} failed", CommonHeaders.requestId(ctx), ctx.failure());
    }
    problem.send(ctx.request());
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
