package io.github.userservice.http;

import io.github.userservice.account.Account;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.StoreFailure;
import io.github.userservice.bus.StoreOverloadedException;
import io.github.userservice.bus.UserStoreClient;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** The {@code /user/} collection and {@code /login}: read the request, ask the user store, write the answer. */
final class UserRoutes {

  private final UserStoreClient store;
  private final PasswordCheck passwords;
  private final PasswordPolicy policy;
  private final ServiceMetrics metrics;

  UserRoutes(UserStoreClient store, PasswordCheck passwords, PasswordPolicy policy, ServiceMetrics metrics) {
    this.store = Objects.requireNonNull(store);
    this.passwords = Objects.requireNonNull(passwords);
    this.policy = Objects.requireNonNull(policy);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /**
   * {@code POST /user/}: 201 with {@code Location}; 409 when the canonical login is taken; 422 when the store finds
   * the password too easy to guess (it judges it only after the 409 check, on a worker thread).
   */
  void register(RoutingContext ctx) {
    CredentialsRequest.Credentials credentials = CredentialsRequest.forRegistration(JsonBodies.readObject(ctx), policy);
    store.register(credentials.login(), credentials.password())
      .onSuccess(account -> {
        metrics.registration("created");
        ctx.response().setStatusCode(201).putHeader(HttpHeaders.LOCATION, location(account));
        ctx.json(account.toJson());
      })
      .onFailure(err -> {
        metrics.registration(registrationOutcome(err));
        ctx.fail(err);
      });
  }

  /** {@code POST /login}: 200 with the account, or the same 401 for a wrong password and an unknown login. */
  void login(RoutingContext ctx) {
    CredentialsRequest.Credentials credentials = CredentialsRequest.forLogin(JsonBodies.readObject(ctx));
    passwords.check(ctx, credentials)
      .onSuccess(account -> account.ifPresentOrElse(
        found -> ctx.json(found.toJson()),
        () -> ctx.fail(new ProblemException(Problems.invalidCredentials()))))
      .onFailure(ctx::fail);
  }

  /** {@code GET /user/{login}}, after {@link BasicAuthentication}: one's own record, 403 for anyone else's. */
  void find(RoutingContext ctx) {
    Account caller = BasicAuthentication.account(ctx);
    if (!caller.login().equals(LoginRules.canonical(ctx.pathParam("login")))) {
      throw new ProblemException(Problems.forbidden());
    }
    ctx.json(caller.toJson());
  }

  private static String registrationOutcome(Throwable err) {
    if (err instanceof StoreOverloadedException) {
      return "shed";
    }
    if (err instanceof ReplyException) {
      return StoreFailure.of(((ReplyException) err).failureCode())
        .map(failure -> failure == StoreFailure.LOGIN_TAKEN ? "taken" : failure == StoreFailure.WEAK_PASSWORD ? "weak" : "error")
        .orElse("error");
    }
    return "error";
  }

  /** {@code /user/{login}}, percent-encoded where the login has non-ASCII letters. */
  private static String location(Account account) {
    try {
      return new URI(null, null, "/user/" + account.login(), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("a canonical login is always a valid path segment", e);
    }
  }
}
