package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userservice.account.FieldError;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.problem.Problem;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.security.Caller;
import io.github.userservice.security.KnownUsers;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The routes that send account mail: a user's email address ({@code PUT /user/{login}/email}, its verification mail
 * again, {@code POST /email/verify}) and password resets ({@code POST /password-reset}, {@code POST
 * /password-reset/confirm}). The store decides; these read the request and write the answer. A reset request's 202 is
 * fixed bytes, sent once the store has counted and stored the request, before it looks the account up.
 */
final class AccountMailRoutes {

  /** The one answer to every reset request that is not refused: it says nothing about the account. */
  static final String RESET_ACCEPTED = new JsonObject()
    .put("status", "accepted")
    .put("detail", "If this account exists and has a verified email address, a link to reset its password is on its way.")
    .encode();

  private final UserStoreClient store;
  private final KnownUsers knownUsers;
  private final PasswordPolicy policy;

  AccountMailRoutes(UserStoreClient store, KnownUsers knownUsers, PasswordPolicy policy) {
    this.store = Objects.requireNonNull(store);
    this.knownUsers = Objects.requireNonNull(knownUsers);
    this.policy = Objects.requireNonNull(policy);
  }

  /** {@code PUT /user/{login}/email}: 200 with the user, its new address unverified; only the user itself. */
  void changeEmail(RoutingContext ctx) {
    String login = ownLogin(ctx);
    String email = CredentialsRequest.forEmail(JsonBodies.readObject(ctx));
    store.changeEmail(Origins.of(ctx), login, email)
      .onSuccess(user -> {
        knownUsers.forget(login);
        ctx.json(user.view());
      })
      .onFailure(err -> ctx.fail(throttledAs(err, Problems::tooManyMails)));
  }

  /** {@code POST /user/{login}/email/verify-resend}: 202, sent or (a mail less than a minute ago) not. */
  void resendVerification(RoutingContext ctx) {
    String login = ownLogin(ctx);
    store.resendVerification(Origins.of(ctx), login)
      .onSuccess(v -> ctx.response().setStatusCode(202).end())
      .onFailure(ctx::fail);
  }

  /** {@code POST /email/verify}: 204 once the token's address is verified; 400 for any token that does not do that. */
  void verifyEmail(RoutingContext ctx) {
    String token = token(JsonBodies.readObject(ctx));
    store.verifyEmail(Origins.of(ctx), token)
      .onSuccess(login -> {
        knownUsers.forget(login);
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  /**
   * {@code POST /password-reset}: {@code {"login"}} or {@code {"email"}}, and always the same 202 unless the client's
   * address is past its limit (429), which depends on the address only.
   */
  void requestPasswordReset(RoutingContext ctx) {
    JsonObject loginOrEmail = loginOrEmail(JsonBodies.readObject(ctx));
    store.requestPasswordReset(Origins.of(ctx), loginOrEmail)
      .onSuccess(v -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(RESET_ACCEPTED))
      .onFailure(err -> ctx.fail(throttledAs(err, Problems::tooManyPasswordResets)));
  }

  /** {@code POST /password-reset/confirm}: 204 with the new password set and every access token of the user ended. */
  void resetPassword(RoutingContext ctx) {
    JsonNode body = JsonBodies.readObject(ctx);
    List<FieldError> errors = new ArrayList<>();
    Optional<String> token = CredentialsRequest.text(body, "token", errors);
    Optional<String> password = CredentialsRequest.text(body, "newPassword", errors);
    // the policy without the login, which only the token tells: the store checks "not the login" once it knows it
    password.map(PasswordPolicy::normalize).flatMap(value -> policy.check(value, ""))
      .map(error -> new FieldError("newPassword", error.message())).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
    store.resetPassword(Origins.of(ctx), token.orElseThrow(), password.orElseThrow())
      .onSuccess(user -> {
        knownUsers.forget(user.account().login());
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  /** The path's login, which must be the caller's own: an admin does not change someone else's address. */
  private static String ownLogin(RoutingContext ctx) {
    String login = LoginRules.canonical(ctx.pathParam("login"));
    if (!login.equals(Caller.of(ctx).login())) {
      throw new ProblemException(Problems.forbidden());
    }
    return login;
  }

  private static String token(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> token = CredentialsRequest.text(body, "token", errors);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
    return token.orElseThrow();
  }

  /** Exactly one of {@code login} and {@code email}, checked as registration checks them. */
  private static JsonObject loginOrEmail(JsonNode body) {
    boolean hasLogin = body.has("login") && !body.get("login").isNull();
    boolean hasEmail = body.has("email") && !body.get("email").isNull();
    if (hasLogin == hasEmail) {
      throw new ProblemException(Problems.validation(List.of(new FieldError(hasLogin ? "email" : "login",
        hasLogin ? "must not be given with login: send one of them" : "or email is required"))));
    }
    if (hasEmail) {
      return new JsonObject().put("email", CredentialsRequest.forEmail(body));
    }
    List<FieldError> errors = new ArrayList<>();
    Optional<String> login = CredentialsRequest.text(body, "login", errors).map(LoginRules::canonical);
    login.flatMap(LoginRules::check).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
    return new JsonObject().put("login", login.orElseThrow());
  }

  /** A throttled refusal as the route's own 429; any other failure as it is. */
  private static Throwable throttledAs(Throwable err, LongFunction<Problem> problem) {
    return Refusal.of(err).filter(Refusal.Throttled.class::isInstance)
      .<Throwable>map(throttled -> new ProblemException(problem.apply(((Refusal.Throttled) throttled).retryAfterSeconds())))
      .orElse(err);
  }
}
