package io.github.userservice.http;

import io.github.userservice.account.Credentials;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.ops.ServiceMetrics;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.security.Caller;
import io.github.userservice.security.KnownUsers;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code /user/} collection: read the request, ask the user store, write the answer.
 * Routes on {@code /user/{login}} run after {@link Authentication}: a user may act on itself, an admin on anyone.
 */
final class UserRoutes {

  private final UserStoreClient store;
  private final KnownUsers knownUsers;
  private final PasswordPolicy policy;
  private final ServiceMetrics metrics;

  UserRoutes(UserStoreClient store, KnownUsers knownUsers, PasswordPolicy policy, ServiceMetrics metrics) {
    this.store = Objects.requireNonNull(store);
    this.knownUsers = Objects.requireNonNull(knownUsers);
    this.policy = Objects.requireNonNull(policy);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /**
   * {@code POST /user/}: 201 with {@code Location}; 409 when the canonical login is taken; 422 when the store finds
   * the password too easy to guess (it judges it only after the 409 check, on a worker thread).
   */
  void register(RoutingContext ctx) {
    CredentialsRequest.Registration registration = CredentialsRequest.forRegistration(JsonBodies.readObject(ctx), policy);
    Credentials credentials = registration.credentials();
    store.register(Origins.of(ctx), credentials.login(), credentials.password(), registration.email())
      .onSuccess(user -> {
        metrics.registration("created");
        ctx.response().setStatusCode(201).putHeader(HttpHeaders.LOCATION, location(user.account().login()));
        ctx.json(user.view());
      })
      .onFailure(err -> {
        metrics.registration(registrationOutcome(err));
        ctx.fail(Refusal.of(err).filter(Refusal.Throttled.class::isInstance)
          .<Throwable>map(throttled -> new ProblemException(Problems.tooManyRegistrations(((Refusal.Throttled) throttled).retryAfterSeconds())))
          .orElse(err));
      });
  }

  /**
   * {@code GET /user/{login}}: one's own record (as the token check just found it); an admin's view of anyone (404
   * when unknown); else 403. With whether the user has a second factor.
   */
  void find(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String login = pathLogin(ctx);
    Future<UserRecord> user;
    if (login.equals(caller.login())) {
      user = Future.succeededFuture(caller.user());
    } else {
      requireAccess(caller, login);
      user = store.find(login);
    }
    user.map(found -> found.view().put("totpEnabled", found.totpEnabled())).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** {@code DELETE /user/{login}}: 204; the login can register again. Oneself, or anyone for an admin. */
  void delete(RoutingContext ctx) {
    String login = pathLogin(ctx);
    requireAccess(Caller.of(ctx), login);
    store.delete(Origins.of(ctx), login).onSuccess(v -> {
      knownUsers.forget(login);
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  /**
   * {@code PUT /user/{login}/password}: 204 once the current password was right and the new one passes the policy.
   * Only the user itself. A wrong current password is 403 and counts as a failed login in the store's throttle, so a
   * stolen token cannot be used to guess the password.
   */
  void changePassword(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String login = pathLogin(ctx);
    if (!login.equals(caller.login())) {
      throw new ProblemException(Problems.forbidden());
    }
    CredentialsRequest.PasswordChange change = CredentialsRequest.forPasswordChange(JsonBodies.readObject(ctx), policy, login);
    store.changePassword(Origins.of(ctx), login, change.currentPassword(), change.newPassword())
      .onSuccess(user -> {
        // before answering, so that no request after the 204 still finds the old credential version here
        knownUsers.forget(login);
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  static void requireAccess(Caller caller, String login) {
    if (!caller.mayAccess(login)) {
      throw new ProblemException(Problems.forbidden());
    }
  }

  static String pathLogin(RoutingContext ctx) {
    return LoginRules.canonical(ctx.pathParam("login"));
  }

  private static String registrationOutcome(Throwable err) {
    if (BusFailure.OVERLOADED.matches(err)) {
      return "shed";
    }
    if (BusFailure.LOGIN_TAKEN.matches(err) || BusFailure.EMAIL_TAKEN.matches(err)) {
      return "taken";
    }
    Optional<Refusal> refusal = Refusal.of(err);
    if (refusal.isPresent()) {
      return refusal.get() instanceof Refusal.Throttled ? "throttled" : "weak";
    }
    return "error";
  }

  /** {@code /user/{login}}, percent-encoded where the login has non-ASCII letters. */
  static String location(String login) {
    try {
      return new URI(null, null, "/user/" + login, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("a canonical login is always a valid path segment", e);
    }
  }
}
