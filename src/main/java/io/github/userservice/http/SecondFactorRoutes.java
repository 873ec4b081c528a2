package io.github.userservice.http;

import io.github.userservice.account.Credentials;
import io.github.userservice.account.FieldError;
import io.github.userservice.bus.SessionClient;
import io.github.userservice.bus.SessionFailure;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.problem.SessionProblems;
import io.github.userservice.security.Caller;
import io.github.userservice.security.KnownUsers;
import io.github.userservice.security.PasswordCheck;
import io.github.userservice.security.Proof;
import io.github.userservice.totp.OtpauthQrCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Objects;

/**
 * A user's second factor, TOTP: {@code POST /user/{login}/totp} (the password again, as Basic credentials) hands out a
 * new secret, {@code POST /user/{login}/totp/confirm} enables it with its first code and hands out the recovery codes,
 * {@code DELETE /user/{login}/totp} turns it off. Turning it off takes both factors: the password again, and, while it
 * is on, a session that passed it. Admins may turn off anyone else's (a user who lost the authenticator and the
 * recovery codes), and nothing more: a second factor is the user's own to set up.
 */
final class SecondFactorRoutes {

  private final SessionClient sessions;
  private final PasswordCheck passwords;
  private final KnownUsers knownUsers;

  SecondFactorRoutes(SessionClient sessions, PasswordCheck passwords, KnownUsers knownUsers) {
    this.sessions = Objects.requireNonNull(sessions);
    this.passwords = Objects.requireNonNull(passwords);
    this.knownUsers = Objects.requireNonNull(knownUsers);
  }

  /**
   * {@code POST /user/{login}/totp}: 200 {@code {"secret","uri","qrCode"}} (the URI as an SVG {@code data:} URI, made
   * here at the edge), not active until confirmed; 409 while one is on.
   */
  void enroll(RoutingContext ctx) {
    String login = self(ctx);
    if (!Proof.of(ctx).password()) {
      throw new ProblemException(SessionProblems.passwordNeeded());
    }
    sessions.enrollTotp(Origins.of(ctx), login)
      .onSuccess(enrollment -> ctx.json(new JsonObject().put("secret", enrollment.secret()).put("uri", enrollment.uri())
        .put("qrCode", OtpauthQrCode.dataUri(enrollment.uri()))))
      .onFailure(err -> ctx.fail(SessionFailure.of(err).<Throwable>map(failure -> new ProblemException(SessionProblems.totpEnabled())).orElse(err)));
  }

  /** {@code POST /user/{login}/totp/confirm} {@code {"code"}}: 200 with the recovery codes, shown this once. */
  void confirm(RoutingContext ctx) {
    String login = self(ctx);
    String code = SessionRequests.code(JsonBodies.readObject(ctx));
    sessions.confirmTotp(Origins.of(ctx), login, code)
      .onSuccess(codes -> {
        // before answering, so that GET /user/{login} here shows the second factor on from now (the store announces it to other nodes)
        knownUsers.forget(login);
        ctx.json(new JsonObject().put("recoveryCodes", new JsonArray(codes)));
      })
      .onFailure(err -> ctx.fail(SessionFailure.of(err).<Throwable>map(failure -> new ProblemException(switch (failure) {
        case WRONG_CODE -> Problems.validation(List.of(new FieldError("code", "is not the code of the new secret now")));
        case ENABLED -> SessionProblems.totpEnabled();
        default -> SessionProblems.noTotpEnrollment();
      })).orElse(err)));
  }

  /**
   * {@code DELETE /user/{login}/totp}: 204 once off, 404 when there was none. The user: the password again (Basic
   * credentials, or {@code {"password"}} beside a token) and, while the second factor is on, a session that passed it.
   * An admin, for another user: nothing more.
   */
  void disable(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    String login = UserRoutes.pathLogin(ctx);
    UserRoutes.requireAccess(caller, login);
    Future<Void> allowed = login.equals(caller.login()) ? passwordAgain(ctx, login) : Future.succeededFuture();
    allowed.compose(proved -> sessions.disableTotp(Origins.of(ctx), login))
      .onSuccess(disabled -> {
        if (disabled) {
          knownUsers.forget(login);
          ctx.response().setStatusCode(204).end();
        } else {
          ctx.fail(new ProblemException(Problems.notFound()));
        }
      })
      .onFailure(ctx::fail);
  }

  private Future<Void> passwordAgain(RoutingContext ctx, String login) {
    Proof proof = Proof.of(ctx);
    return sessions.totpEnabled(login).compose(enabled -> {
      if (enabled && !proof.secondFactor()) {
        return Future.failedFuture(new ProblemException(SessionProblems.secondFactorRequired(
          "Turning the second factor off takes a session that passed it: log in with a code, then try again.")));
      }
      if (proof.password()) {
        return Future.succeededFuture();
      }
      String password = SessionRequests.password(JsonBodies.readObject(ctx));
      return passwords.check(ctx, new Credentials(login, password)).compose(user -> user.isPresent()
        ? Future.succeededFuture()
        : Future.failedFuture(new ProblemException(Problems.wrongPassword())));
    });
  }

  /** The path's login, which must be the caller's own. */
  private static String self(RoutingContext ctx) {
    String login = UserRoutes.pathLogin(ctx);
    if (!login.equals(Caller.of(ctx).login())) {
      throw new ProblemException(Problems.forbidden());
    }
    return login;
  }
}
