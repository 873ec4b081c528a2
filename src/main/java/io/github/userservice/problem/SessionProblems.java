package io.github.userservice.problem;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpHeaders;

/** The problems of sessions and second factors: refresh tokens, mfaTokens, codes, and the limits on them. */
public final class SessionProblems {

  private static final String BEARER_CHALLENGE = "Bearer realm=\"user-service\"";

  private SessionProblems() {
  }

  /** The same for a forged, unknown, expired or reused token, and one whose session ended: nothing to tell apart. */
  public static Problem invalidRefreshToken() {
    return Problem.ofType("invalid-refresh-token", "Invalid refresh token", 401,
      "The refresh token is malformed, expired, already replaced, or its session has ended; log in again.");
  }

  public static Problem invalidMfaToken() {
    return Problem.ofType("invalid-mfa-token", "Invalid mfaToken", 401,
      "The mfaToken is malformed, expired, used, or from another client; log in again.");
  }

  public static Problem wrongCode() {
    return Problem.ofType("wrong-code", "Wrong code", 401, "The code is wrong, or was used already.");
  }

  /** 401, as RFC 9470 answers a token whose authentication is too weak for the request. */
  public static Problem secondFactorRequired(String detail) {
    return Problem.ofType("second-factor-required", "Second factor required", 401, detail)
      .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, BEARER_CHALLENGE + ", error=\"insufficient_user_authentication\"");
  }

  public static Problem codesLocked() {
    return Problem.ofType("codes-locked", "Codes locked", 403,
      "Too many wrong codes in a row: TOTP codes are refused until a recovery code is used, or an admin turns the second factor off.");
  }

  public static Problem tooManyCodes(long retryAfterSeconds) {
    return Problem.ofType("too-many-attempts", "Too many failed attempts", 429,
        "Too many wrong codes for this account; try again later.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }

  public static Problem tooManySessionRequests(long retryAfterSeconds) {
    return Problem.ofType("too-many-attempts", "Too many attempts", 429,
        "Too many session requests for this session or from this address; try again later.")
      .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
  }

  public static Problem totpEnabled() {
    return Problem.ofType("totp-enabled", "Second factor on", 409, "This account has a second factor already; turn it off first.");
  }

  public static Problem noTotpEnrollment() {
    return Problem.ofType("no-totp-enrollment", "No second factor waiting", 409,
      "No new TOTP secret waits for its confirmation: ask for one with POST /user/{login}/totp first.");
  }

  /** A request that needs a session, made with credentials of none (Basic, or a token from before sessions). */
  public static Problem noSession() {
    return Problem.ofType("no-session", "No session", 400,
      "These credentials belong to no session: log in with POST /login and use that access token.");
  }

  public static Problem passwordNeeded() {
    return Problem.ofType("password-needed", "Password needed", 401,
      "This request needs the password itself: send it as Basic credentials.")
      .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"user-service\"");
  }
}
