package io.github.userservice.http;

import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.HashTiming;
import io.github.userservice.bus.PasskeyClient;
import io.github.userservice.bus.SessionClient;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.ops.ApiDocs;
import io.github.userservice.ops.OperationsRoutes;
import io.github.userservice.ops.Readiness;
import io.github.userservice.problem.Problem;
import io.github.userservice.problem.Problems;
import io.github.userservice.security.Authentication;
import io.github.userservice.security.ClientAddress;
import io.github.userservice.security.PasswordCheck;
import io.github.userservice.token.AccessTokens;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HSTSHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * The whole HTTP API in one place: the handlers every request passes, then every route, one line each, then the
 * error handling that turns every failure into a problem document. {@code src/main/resources/openapi.yaml}
 * describes exactly these routes (checked by {@code OpenApiContractTest}).
 */
final class ApiRouter {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

  private final ServiceConfig config;
  private final RetryAfterGate retryAfter = new RetryAfterGate();

  private ApiRouter(ServiceConfig config) {
    this.config = Objects.requireNonNull(config);
  }

  static Router create(Vertx vertx, ServiceConfig config, EdgeServices services) {
    return new ApiRouter(config).routes(vertx, services);
  }

  private Router routes(Vertx vertx, EdgeServices shared) {
    ApiDocs docs = shared.docs();
    HashTiming hashTiming = shared.hashTiming();
    UserStoreClient store = new UserStoreClient(vertx, config.worker().sendTimeoutMs(), hashTiming);
    AccessTokens tokens = new AccessTokens(vertx, shared.keys(), config.tokens().issuer(), config.tokens().ttlSeconds());
    PasswordCheck passwords = new PasswordCheck(store, shared.metrics(), Origins::of);
    PasswordPolicy policy = new PasswordPolicy(config.password().minLength());
    SessionClient sessions = new SessionClient(vertx, config.worker().sendTimeoutMs());
    UserRoutes users = new UserRoutes(store, shared.knownUsers(), policy, shared.metrics());
    SessionRoutes logins = new SessionRoutes(sessions, passwords, tokens, shared.knownSessions());
    SecondFactorRoutes factors = new SecondFactorRoutes(sessions, passwords, shared.knownUsers());
    PasskeyRoutes passkeys = new PasskeyRoutes(new PasskeyClient(vertx, config.worker().sendTimeoutMs()), passwords, logins);
    AccountMailRoutes mail = new AccountMailRoutes(store, shared.knownUsers(), policy);
    AdminRoutes admin = new AdminRoutes(store, shared.keys());
    UserExportRoute export = new UserExportRoute(store);
    UserImportRoute imports = new UserImportRoute(store);
    KeySetRoute keySet = new KeySetRoute(tokens);
    Authentication auth = new Authentication(passwords, tokens, shared.knownUsers(), shared.knownSessions(), store, sessions, config.admins());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes());
    RequestDeadline deadline = new RequestDeadline(config.http().requestTimeoutMs());
    // routes that may hash wait as long as their hashes may take (see HashTiming)
    Handler<RoutingContext> registering = deadline.forHashes(hashTiming, HashTiming.REGISTRATION_HASHES);
    Handler<RoutingContext> checking = deadline.forHashes(hashTiming, HashTiming.LOGIN_HASHES);

    Router router = Router.router(vertx);
    router.route()
      // this server only speaks HTTPS: browsers should never try it in plain HTTP (a year)
      .handler(HSTSHandler.create(Duration.ofDays(365).toSeconds(), false))
      .handler(deadline)
      .handler(new CommonHeaders())
      .handler(new ClientAddress(config.http().trustedProxies()))
      .handler(new AccessLog())
      // CORS preflights are answered here, before any route and before MethodNotAllowed's OPTIONS fallback
      .handler(new Cors(config.http().cors()));
    Handler<RoutingContext> route = AccessLog::recordRoute;
    // routes that may hash a password pass the Retry-After gate before anything is parsed
    router.post("/user/").handler(body).handler(retryAfter).handler(registering).handler(route).handler(users::register);
    router.get("/user/").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(admin::list);
    router.get("/user/:login").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(users::find);
    router.delete("/user/:login").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(users::delete);
    router.put("/user/:login/password").handler(body).handler(retryAfter).handler(checking).handler(route).handler(auth)
      .handler(users::changePassword);
    router.put("/user/:login/email").handler(body).handler(retryAfter).handler(checking).handler(route).handler(auth).handler(mail::changeEmail);
    router.post("/user/:login/email/verify-resend").handler(retryAfter).handler(checking).handler(route).handler(auth)
      .handler(mail::resendVerification);
    router.post("/email/verify").handler(body).handler(route).handler(mail::verifyEmail);
    router.post("/password-reset").handler(body).handler(route).handler(mail::requestPasswordReset);
    router.post("/password-reset/confirm").handler(body).handler(retryAfter).handler(registering).handler(route).handler(mail::resetPassword);
    router.post("/login").handler(body).handler(retryAfter).handler(checking).handler(route).handler(logins::login);
    // the second step, refreshes and the session routes hash nothing, but Basic credentials may
    router.post("/login/mfa").handler(body).handler(route).handler(logins::completeMfa);
    router.post("/token/refresh").handler(body).handler(route).handler(logins::refresh);
    router.post("/logout").handler(route).handler(Authentication::requireBearer).handler(auth).handler(logins::logout);
    router.get("/user/:login/sessions").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(logins::list);
    router.delete("/user/:login/sessions/:id").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(logins::end);
    router.post("/user/:login/totp").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(factors::enroll);
    router.post("/user/:login/totp/confirm").handler(body).handler(retryAfter).handler(checking).handler(route).handler(auth)
      .handler(factors::confirm);
    // the password again comes as Basic credentials or in the body beside a token, never both: two hashes at most
    router.delete("/user/:login/totp").handler(body).handler(retryAfter).handler(checking).handler(route).handler(auth)
      .handler(factors::disable);
    // adding a passkey takes a session, and the password again (a hash) unless its login was recent
    router.post("/passkeys/register/options").handler(body).handler(retryAfter).handler(checking).handler(route)
      .handler(Authentication::requireBearer).handler(auth).handler(passkeys::registrationOptions);
    router.post("/passkeys/register").handler(body).handler(route).handler(Authentication::requireBearer).handler(auth).handler(passkeys::register);
    // a passkey login hashes nothing: one signature check on the store
    router.post("/passkeys/login/options").handler(route).handler(passkeys::loginOptions);
    router.post("/passkeys/login").handler(body).handler(route).handler(passkeys::login);
    router.get("/user/:login/passkeys").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(passkeys::list);
    router.patch("/user/:login/passkeys/:id").handler(body).handler(retryAfter).handler(checking).handler(route).handler(auth)
      .handler(passkeys::rename);
    router.delete("/user/:login/passkeys/:id").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(passkeys::delete);
    router.get("/.well-known/jwks.json").handler(route).handler(keySet::keys);
    router.get("/admin/audit").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(admin::audit);
    router.post("/admin/keys/rotate").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(admin::rotateKeys);
    router.get("/admin/export").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(export::handle);
    router.post("/admin/import").handler(new StreamedBody()).handler(retryAfter).handler(route).handler(auth).handler(imports::handle);
    router.post("/admin/backup").handler(retryAfter).handler(checking).handler(route).handler(auth).handler(admin::backup);
    router.get("/account/*").handler(new AccountPage());
    router.get("/openapi.yaml").handler(docs::document);
    router.get("/docs").handler(docs::page);
    router.get("/docs/*").handler(docs.assets());
    if (!config.management().separatePort()) {
      new OperationsRoutes(Readiness.of(vertx, config.cluster(), shared.keys()), shared.metrics()).mount(router);
    }
    MethodNotAllowed.addFallbacks(router);
    router.route().failureHandler(this::sendProblem);
    router.errorHandler(404, ctx -> Problems.notFound().send(ctx.request()));
    // failures no route handles: a request Vert.x could not decode (400), or a crash outside any handler (500)
    router.errorHandler(400, ctx -> Problems.malformedRequest().send(ctx.request()));
    router.errorHandler(500, this::sendProblem);
    return router;
  }

  private void sendProblem(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpClosedException) {
      // the client went away mid-answer (a reset stream, a closed connection): nobody to answer, and nothing wrong here
      LOG.debug("request {}: the client closed the stream", CommonHeaders.requestId(ctx));
      return;
    }
    Problem problem = Problems.from(ctx, config.http().bodyLimitBytes());
    if (problem.status() >= 500 && problem.status() != 503) {
      LOG.error("request {} failed", CommonHeaders.requestId(ctx), ctx.failure());
    }
    retryAfter.answered(ctx, problem.status(), problem.header(HttpHeaders.RETRY_AFTER).orElse(null));
    problem.send(ctx.request());
  }
}
