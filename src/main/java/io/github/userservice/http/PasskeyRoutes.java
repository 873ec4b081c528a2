package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userservice.account.Credentials;
import io.github.userservice.bus.PasskeyClient;
import io.github.userservice.bus.PasskeyFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.problem.PasskeyProblems;
import io.github.userservice.problem.Problem;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.problem.SessionProblems;
import io.github.userservice.security.Caller;
import io.github.userservice.security.PasswordCheck;
import io.github.userservice.security.Proof;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * Passkeys: {@code POST /passkeys/register/options} and {@code /passkeys/register} for a signed-in user who just
 * proved the password (a login within the last minutes, or the password again), {@code POST /passkeys/login/options}
 * and {@code /passkeys/login} without a login name, which answer as a password login does, and a user's list of
 * passkeys, each of which it may rename or delete. The ceremonies run on the store role; this side checks shapes and
 * callers, and signs the session's tokens through {@link SessionRoutes}.
 */
final class PasskeyRoutes {

  /** How recent a login must be to add a passkey without the password again (the store checks it). */
  static final int RECENT_LOGIN_SECONDS = 300;

  private final PasskeyClient passkeys;
  private final PasswordCheck passwords;
  private final SessionRoutes logins;

  PasskeyRoutes(PasskeyClient passkeys, PasswordCheck passwords, SessionRoutes logins) {
    this.passkeys = Objects.requireNonNull(passkeys);
    this.passwords = Objects.requireNonNull(passwords);
    this.logins = Objects.requireNonNull(logins);
  }

  /** {@code POST /passkeys/register/options}: PublicKeyCredentialCreationOptionsJSON for the caller's session. */
  void registrationOptions(RoutingContext ctx) {
    String login = Caller.of(ctx).login();
    String sessionId = sessionOf(ctx);
    String password = hasBody(ctx) ? optionalPassword(JsonBodies.readObject(ctx)) : null;
    Future<Boolean> checked = password == null ? Future.succeededFuture(false)
      : passwords.check(ctx, new Credentials(login, password)).compose(user -> user.isPresent()
        ? Future.succeededFuture(true)
        : Future.failedFuture(new ProblemException(Problems.wrongPassword())));
    checked.compose(passwordChecked -> passkeys.registrationOptions(Origins.of(ctx), login, sessionId, passwordChecked))
      .onSuccess(ctx::json)
      .onFailure(err -> ctx.fail(mapped(err, PasskeyProblems.passkeyRefused())));
  }

  /** {@code POST /passkeys/register}: 201 with the new passkey, once its credential checked out against the session's challenge. */
  void register(RoutingContext ctx) {
    PasskeyRequests.Registration registration = PasskeyRequests.registration(JsonBodies.readObject(ctx));
    String login = Caller.of(ctx).login();
    passkeys.register(Origins.of(ctx), login, sessionOf(ctx), registration.credential(), registration.name())
      .onSuccess(passkey -> ctx.response().setStatusCode(201)
        .putHeader(HttpHeaders.LOCATION, UserRoutes.location(login) + "/passkeys/" + passkey.getString("id"))
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(passkey.encode()))
      .onFailure(err -> ctx.fail(mapped(err, PasskeyProblems.passkeyRefused())));
  }

  /** {@code POST /passkeys/login/options}: PublicKeyCredentialRequestOptionsJSON, with a challenge any edge can finish. */
  void loginOptions(RoutingContext ctx) {
    passkeys.loginOptions(Origins.of(ctx)).onSuccess(ctx::json).onFailure(err -> ctx.fail(mapped(err, PasskeyProblems.invalidPasskey())));
  }

  /** {@code POST /passkeys/login}: the answer of a password login (a session's tokens, {@code amr} hwk and user). */
  void login(RoutingContext ctx) {
    JsonObject credential = PasskeyRequests.assertion(JsonBodies.readObject(ctx));
    logins.requireKeys();
    passkeys.login(Origins.of(ctx), credential, SessionRoutes.userAgent(ctx))
      .onSuccess(grant -> ctx.json(logins.tokens(grant)))
      .onFailure(err -> ctx.fail(mapped(err, PasskeyProblems.invalidPasskey())));
  }

  /** {@code GET /user/{login}/passkeys}: names, when made and last used, backup flags; never a key. */
  void list(RoutingContext ctx) {
    String login = UserRoutes.pathLogin(ctx);
    UserRoutes.requireAccess(Caller.of(ctx), login);
    passkeys.list(login).onSuccess(list -> ctx.json(new JsonObject().put("passkeys", list))).onFailure(ctx::fail);
  }

  /** {@code PATCH /user/{login}/passkeys/{id}}: {@code {"name"}} → the passkey renamed; 404 when no such passkey of that user. */
  void rename(RoutingContext ctx) {
    String login = UserRoutes.pathLogin(ctx);
    UserRoutes.requireAccess(Caller.of(ctx), login);
    String id = pathId(ctx);
    String name = PasskeyRequests.name(JsonBodies.readObject(ctx));
    passkeys.rename(Origins.of(ctx), login, id, name).onSuccess(ctx::json).onFailure(err -> ctx.fail(mapped(err, Problems.notFound())));
  }

  /** {@code DELETE /user/{login}/passkeys/{id}}: 204 once deleted; 404 when no such passkey of that user. */
  void delete(RoutingContext ctx) {
    String login = UserRoutes.pathLogin(ctx);
    UserRoutes.requireAccess(Caller.of(ctx), login);
    passkeys.delete(Origins.of(ctx), login, pathId(ctx)).onSuccess(deleted -> {
      if (deleted) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(new ProblemException(Problems.notFound()));
      }
    }).onFailure(ctx::fail);
  }

  private static String pathId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !PasskeyRequests.looksLikeId(id)) {
      throw new ProblemException(Problems.notFound());
    }
    return id;
  }

  /** The caller's session: passkeys are added from a session (Basic credentials and tokens of none are refused). */
  private static String sessionOf(RoutingContext ctx) {
    String sessionId = Proof.of(ctx).sessionId();
    if (sessionId == null) {
      throw new ProblemException(SessionProblems.noSession());
    }
    return sessionId;
  }

  private static boolean hasBody(RoutingContext ctx) {
    return ctx.body().buffer() != null && ctx.body().buffer().length() > 0;
  }

  private static String optionalPassword(JsonNode body) {
    return body.has("password") ? SessionRequests.password(body) : null;
  }

  /** A store's answer as the problem it is for this route; a bus failure as it came, for the one mapping. */
  private static Throwable mapped(Throwable err, Problem refused) {
    return PasskeyFailure.of(err).<Throwable>map(failure -> new ProblemException(switch (failure) {
      case REAUTHENTICATION_REQUIRED -> PasskeyProblems.reauthenticationRequired(RECENT_LOGIN_SECONDS);
      case ALREADY_REGISTERED -> PasskeyProblems.passkeyRegistered();
      case NOT_FOUND -> Problems.notFound();
      case INVALID_CREDENTIAL -> refused;
    })).or(() -> Refusal.of(err).filter(Refusal.Throttled.class::isInstance)
        .map(refusal -> new ProblemException(SessionProblems.tooManySessionRequests(((Refusal.Throttled) refusal).retryAfterSeconds()))))
      .orElse(err);
  }
}
