package io.github.userservice.security;

import io.github.userservice.account.Credentials;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.SessionClient;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.problem.Problem;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.problem.SessionProblems;
import io.github.userservice.token.AccessTokens;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.CharacterCodingException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proves who is calling, then puts the {@link Caller} in the context for the next handler:
 * <ul>
 *   <li>{@code Authorization: Basic} (RFC 7617, UTF-8): the password, checked by the store through
 *       {@link PasswordCheck}, so it is throttled like {@code POST /login};</li>
 *   <li>{@code Authorization: Bearer} (RFC 6750): an access token, checked locally (signature, issuer, expiry),
 *       then its credential version against the user's current one ({@link KnownUsers}), which refuses tokens of
 *       deleted users and tokens issued before a password change, then its session ({@link KnownSessions}), which
 *       refuses tokens of a session that ended (a logout, a revocation). No Argon2 work.</li>
 * </ul>
 * A password alone is not enough for a user with a second factor: Basic credentials of such a user, right as they may
 * be, are refused (401 {@code /problems/second-factor-required}); its access tokens come from {@code POST /login}.
 * Then the {@link Proof} says how the caller proved it, for routes that need more.
 * Anything else is 401 with both challenges. Written here rather than with Vert.x Web's auth handlers, which turn
 * every failure into 401, including a store that does not answer (503) or a throttled attempt (429).
 */
public final class Authentication implements Handler<RoutingContext> {

  static final String REALM = "user-service";
  private static final String BASIC_CHALLENGE = "Basic realm=\"" + REALM + "\"";
  private static final String BEARER_CHALLENGE = "Bearer realm=\"" + REALM + "\"";

  private final PasswordCheck passwords;
  private final AccessTokens tokens;
  private final KnownUsers knownUsers;
  private final KnownSessions knownSessions;
  private final UserStoreClient store;
  private final SessionClient sessions;
  private final List<String> admins;

  /** Who called, and how they proved it. */
  private record Proved(UserRecord user, Proof proof) {
  }

  public Authentication(PasswordCheck passwords, AccessTokens tokens, KnownUsers knownUsers, KnownSessions knownSessions,
                        UserStoreClient store, SessionClient sessions, List<String> admins) {
    this.passwords = Objects.requireNonNull(passwords);
    this.tokens = Objects.requireNonNull(tokens);
    this.knownUsers = Objects.requireNonNull(knownUsers);
    this.knownSessions = Objects.requireNonNull(knownSessions);
    this.store = Objects.requireNonNull(store);
    this.sessions = Objects.requireNonNull(sessions);
    this.admins = List.copyOf(admins);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Future<Proved> caller;
    if (hasScheme(authorization, "Bearer")) {
      caller = bearer(authorization.substring(7).trim());
    } else {
      caller = basic(ctx, authorization);
    }
    caller.onSuccess(proved -> {
      new Caller(proved.user(), admins.contains(proved.user().account().login())).putInto(ctx);
      proved.proof().putInto(ctx);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  /**
   * Before {@link #handle} on routes only an access token may call ({@code POST /logout}): anything else is refused
   * with 401 and the Bearer challenge before a password is hashed, since these routes have no hash to slow them.
   */
  public static void requireBearer(RoutingContext ctx) {
    if (hasScheme(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), "Bearer")) {
      ctx.next();
    } else {
      ctx.fail(new ProblemException(Problems.invalidCredentials().withHeader(HttpHeaderNames.WWW_AUTHENTICATE, BEARER_CHALLENGE)));
    }
  }

  private Future<Proved> basic(RoutingContext ctx, String authorization) {
    Optional<Credentials> credentials = parseBasic(authorization);
    if (credentials.isEmpty()) {
      return Future.failedFuture(new ProblemException(unauthorized()));
    }
    return passwords.check(ctx, credentials.get())
      .compose(user -> user.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(new ProblemException(unauthorized()))))
      // only after a right password, so this answer tells nothing a wrong one would not
      .compose(user -> sessions.totpEnabled(user.account().login()).compose(secondFactor -> secondFactor
        ? Future.failedFuture(new ProblemException(SessionProblems.secondFactorRequired(
          "This account has a second factor: a password is not enough. Log in with POST /login and use its access token.")))
        : Future.succeededFuture(new Proved(user, new Proof(Proof.Scheme.BASIC, null, List.of("pwd"))))));
  }

  private Future<Proved> bearer(String token) {
    if (!tokens.ready()) {
      return Future.failedFuture(new ProblemException(Problems.keysUnavailable()));
    }
    return tokens.verify(token)
      .recover(invalid -> Future.failedFuture(new ProblemException(invalidToken())))
      .compose(claims -> knownUsers.find(claims.login(), store)
        .recover(err -> BusFailure.NOT_FOUND.matches(err) ? Future.failedFuture(new ProblemException(invalidToken())) : Future.failedFuture(err))
        .compose(user -> user.credentialVersion() == claims.credentialVersion()
          ? liveSession(claims).map(live -> new Proved(user, new Proof(Proof.Scheme.BEARER, claims.sessionId(), claims.amr())))
          : Future.failedFuture(new ProblemException(invalidToken()))));
  }

  /** A token of a session that ended is refused; one from before sessions has none to check. */
  private Future<Void> liveSession(AccessTokens.Claims claims) {
    if (claims.sessionId() == null) {
      return Future.succeededFuture();
    }
    return knownSessions.liveLogin(claims.sessionId(), sessions).compose(login -> login.filter(claims.login()::equals).isPresent()
      ? Future.succeededFuture()
      : Future.failedFuture(new ProblemException(invalidToken())));
  }

  /** Missing or wrong credentials: both challenges, one header line each, Basic first. */
  private static Problem unauthorized() {
    return Problems.invalidCredentials()
      .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, BASIC_CHALLENGE)
      .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, BEARER_CHALLENGE);
  }

  private static Problem invalidToken() {
    return Problem.ofType("invalid-token", "Invalid access token", 401,
        "The access token is malformed, expired, signed by an unknown key, or no longer valid for this user.")
      .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, BEARER_CHALLENGE + ", error=\"invalid_token\"");
  }

  private static boolean hasScheme(String authorization, String scheme) {
    return authorization != null && authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1);
  }

  /** Login and password from {@code Basic base64(login:password)}; empty when absent or malformed. */
  static Optional<Credentials> parseBasic(String authorization) {
    if (!hasScheme(authorization, "Basic")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = StrictUtf8.decode(Base64.getDecoder().decode(authorization.substring(6).trim()));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String login = LoginRules.canonical(decoded.substring(0, colon));
    String password = decoded.substring(colon + 1);
    if (LoginRules.check(login).isPresent() || PasswordPolicy.checkShape(PasswordPolicy.normalize(password)).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(login, password));
  }
}
