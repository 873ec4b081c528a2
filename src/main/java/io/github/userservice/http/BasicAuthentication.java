package io.github.userservice.http;

import io.github.userservice.account.Account;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP Basic authentication (RFC 7617, UTF-8) against the user store, throttled like {@code POST /login}. On success the caller's {@link Account}
 * is in the context for the next handler; otherwise 401 with {@code WWW-Authenticate}. Written here rather than
 * with Vert.x Web's {@code BasicAuthHandler}, which turns every provider failure into 401, including a store that
 * does not answer (that is a 503).
 */
final class BasicAuthentication implements Handler<RoutingContext> {

  static final String REALM = "user-service";
  private static final String ACCOUNT = "user-service.account";
  private static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

  private final PasswordCheck passwords;

  BasicAuthentication(PasswordCheck passwords) {
    this.passwords = Objects.requireNonNull(passwords);
  }

  /** The account the request authenticated as; set only once this handler passed the request on. */
  static Account account(RoutingContext ctx) {
    return ctx.get(ACCOUNT);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<CredentialsRequest.Credentials> credentials = parse(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (credentials.isEmpty()) {
      ctx.fail(new ProblemException(challenge(Problems.invalidCredentials())));
      return;
    }
    passwords.check(ctx, credentials.get())
      .onSuccess(account -> account.ifPresentOrElse(
        found -> {
          ctx.put(ACCOUNT, found);
          ctx.next();
        },
        () -> ctx.fail(new ProblemException(challenge(Problems.invalidCredentials())))))
      .onFailure(ctx::fail);
  }

  private static Problem challenge(Problem problem) {
    return problem.withHeader(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE);
  }

  /** Login and password from {@code Basic base64(login:password)}; empty when absent or malformed. */
  static Optional<CredentialsRequest.Credentials> parse(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      byte[] bytes = Base64.getDecoder().decode(authorization.substring(6).trim());
      decoded = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String login = LoginRules.canonical(decoded.substring(0, colon));
    String password = PasswordPolicy.normalize(decoded.substring(colon + 1));
    if (LoginRules.check(login).isPresent() || PasswordPolicy.checkShape(password).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new CredentialsRequest.Credentials(login, password));
  }
}
