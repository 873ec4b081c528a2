package io.github.userservice.problem;

import io.github.userservice.account.FieldError;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RefusedException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The problems this service answers with, and the single mapping from a failed {@link RoutingContext}
 * (a thrown {@link ProblemException}, a store {@link ReplyException}, a status set by Vert.x Web) to one of them.
 */
public final class Problems {

  static final String RETRY_AFTER_SECONDS = "1";
  static final long MAX_OVERLOADED_RETRY_AFTER_SECONDS = 3;

  private Problems() {
  }

  public static Problem malformedJson(String detail) {
    return Problem.ofType("malformed-json", "Malformed JSON", 400, detail);
  }

  public static Problem validation(List<FieldError> errors) {
    return Problem.ofType("validation", "Invalid request", 422, "One or more fields break a rule: see errors.")
      .withErrors(errors);
  }

  public static Problem loginTaken() {
    return Problem.ofType("login-taken", "Login taken", 409, "This login is already registered.");
  }

  /** Answered like a taken login, before any hash: an address belongs to one account. */
  public static Problem emailTaken() {
    return Problem.ofType("email-taken", "Email address taken", 409, "This email address belongs to another account.");
  }

  /** The same for a token that never was, was used, expired, or was voided by a newer one or a credential change. */
  public static Problem invalidAccountToken() {
    return Problem.ofType("invalid-token", "Invalid token", 400, "This link is invalid, used or expired; ask for a new one.");
  }

  /** No {@code mail.host} on the store node: nothing that needs mail can be done. Not transient: no Retry-After. */
  public static Problem mailNotConfigured() {
    return Problem.ofType("mail-not-configured", "Mail not configured", 503,
      "This service sends no mail: email addresses and password resets are off until mail.host is configured.");
  }

  /** Decided on the client's address alone, before any account is looked up. */
  public static Problem tooManyPasswordResets(long retryAfterSeconds) {
    return Problem.ofType("too-many-attempts", "Too many attempts", 429, "Too many password reset requests from this address; try again later.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }

  /** Asked of the account's owner only, so it reveals nothing: one verification mail per account a minute. */
  public static Problem tooManyMails(long retryAfterSeconds) {
    return Problem.ofType("too-many-attempts", "Too many attempts", 429, "A verification mail went to this account less than a minute ago; try again later.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }

  public static Problem invalidCredentials() {
    return Problem.ofType("invalid-credentials", "Invalid credentials", 401, "The login or the password is wrong.");
  }

  public static Problem wrongPassword() {
    return Problem.ofType("wrong-password", "Wrong password", 403, "The current password is wrong.");
  }

  public static Problem forbidden() {
    return Problem.ofType("forbidden", "Forbidden", 403, "These credentials do not give access to this user.");
  }

  /** A CORS preflight from a browser page whose origin is not in {@code http.cors.allowedOrigins}. */
  public static Problem originNotAllowed() {
    return Problem.ofType("origin-not-allowed", "Origin not allowed", 403,
      "Browser pages from this origin may not call the API: it is not one of the allowed origins.");
  }

  public static Problem unavailable(String detail) {
    return Problem.ofType("unavailable", "Service unavailable", 503, detail)
      .withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
  }

  /** An edge whose copy of the token signing keys has not arrived from a store node yet (a cluster starting up). */
  public static Problem keysUnavailable() {
    return unavailable("The token signing keys have not arrived from the user store yet; try again.");
  }

  public static Problem invalidParameters(List<FieldError> errors) {
    return Problem.ofType("invalid-parameters", "Invalid query parameters", 400, "One or more query parameters break a rule: see errors.")
      .withErrors(errors);
  }

  public static Problem weakPassword(String advice) {
    return Problem.ofType("validation", "Invalid request", 422, advice)
      .withErrors(List.of(new FieldError("password", "is too easy to guess")));
  }

  /** Identical for existing and unknown logins: the counters are kept per login either way. */
  public static Problem tooManyAttempts(long retryAfterSeconds) {
    return Problem.ofType("too-many-attempts", "Too many failed attempts", 429,
        "Too many failed logins for this account or from this address; try again later.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }

  /** Decided before the taken-login check, so it is the same for every login. */
  public static Problem tooManyRegistrations(long retryAfterSeconds) {
    return Problem.ofType("too-many-attempts", "Too many attempts", 429, "Too many registrations from this address; try again later.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }

  /**
   * Retry-After is spread over 1 to {@value #MAX_OVERLOADED_RETRY_AFTER_SECONDS} seconds, so that the clients refused
   * together do not all come back in the same second and meet a full queue again.
   */
  public static Problem overloaded() {
    long retryAfter = ThreadLocalRandom.current().nextLong(1, MAX_OVERLOADED_RETRY_AFTER_SECONDS + 1);
    return Problem.ofType("overloaded", "Service overloaded", 503, "Too many password checks are waiting; try again shortly.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
  }

  public static Problem requestTimeout() {
    return Problem.ofStatus(408, "The request body did not arrive in time.")
      .withHeader(HttpHeaders.CONNECTION, "close");
  }

  public static Problem unsupportedMediaType() {
    return Problem.ofStatus(415, "The request body must be JSON, sent as Content-Type: application/json (UTF-8).")
      .withHeader("Accept-Post", "application/json");
  }

  public static Problem unsupportedMediaType(String mediaType) {
    return Problem.ofStatus(415, "The request body must be sent as Content-Type: " + mediaType + " (UTF-8).")
      .withHeader("Accept-Post", mediaType);
  }

  public static Problem notFound() {
    return Problem.ofStatus(404, "There is no resource at this path.");
  }

  public static Problem methodNotAllowed(HttpMethod method, Set<HttpMethod> allowed) {
    return Problem.ofStatus(405, "This resource does not support " + method.name() + ".")
      .withHeader(HttpHeaders.ALLOW, allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
  }

  /** A request whose framing or syntax Vert.x or Netty could not read: no route ever saw it. */
  public static Problem malformedRequest() {
    return Problem.ofStatus(400, "The request is malformed.");
  }

  public static Problem internal() {
    return Problem.ofStatus(500, "The service failed unexpectedly; the error is logged with this request's X-Request-Id.");
  }

  /** The problem for a failed routing context. */
  public static Problem from(RoutingContext ctx, int bodyLimitBytes) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException) {
      return ((ProblemException) failure).problem();
    }
    if (failure instanceof ReplyException) {
      return fromReply((ReplyException) failure).orElseGet(Problems::internal);
    }
    if (failure instanceof RefusedException refused) {
      return fromRefusal(refused.refusal());
    }
    int status = failure instanceof HttpException ? ((HttpException) failure).getStatusCode() : ctx.statusCode();
    switch (status) {
      case 413:
        // the body may be unread: close the connection rather than parse the rest as a request
        return Problem.ofStatus(413, "The request body is larger than " + bodyLimitBytes + " bytes.")
          .withHeader(HttpHeaders.CONNECTION, "close");
      case 503:
        return unavailable("The request took too long; try again.");
      case 400:
        return malformedRequest();
      default:
        return status >= 400 && status < 500 ? Problem.ofStatus(status, null) : internal();
    }
  }

  private static Optional<Problem> fromReply(ReplyException reply) {
    switch (reply.failureType()) {
      case TIMEOUT:
      case NO_HANDLERS:
        return Optional.of(unavailable("The user store did not answer in time; try again."));
      case RECIPIENT_FAILURE:
        return BusFailure.of(reply.failureCode()).map(Problems::fromStoreFailure);
      default:
        return Optional.empty();
    }
  }

  private static Problem fromRefusal(Refusal refusal) {
    if (refusal instanceof Refusal.Throttled throttled) {
      return tooManyAttempts(throttled.retryAfterSeconds());
    }
    return weakPassword(((Refusal.WeakPassword) refusal).advice());
  }

  private static Problem fromStoreFailure(BusFailure failure) {
    switch (failure) {
      case LOGIN_TAKEN:
        return loginTaken();
      case WRONG_PASSWORD:
        return wrongPassword();
      case OVERLOADED:
        return overloaded();
      case HASHER_UNAVAILABLE:
        return unavailable("No password hasher answered in time; try again.");
      case INVALID_REQUEST:
        return Problem.ofStatus(400, "The request was refused by the user store.");
      case NOT_FOUND:
        return notFound();
      case STORAGE_ERROR:
        // the database is down, unreachable or full: the request may well succeed once it is back
        return unavailable("The user store's database did not answer; try again.");
      case EMAIL_TAKEN:
        return emailTaken();
      case INVALID_TOKEN:
        return invalidAccountToken();
      case MAIL_NOT_CONFIGURED:
        return mailNotConfigured();
      case UNSUPPORTED:
        return Problem.ofType("not-supported", "Not supported", 501,
          "The user store's database does not do this here: back PostgreSQL up with pg_dump.");
      default:
        return internal();
    }
  }
}
