package io.github.userservice.bus;

/**
 * The event-bus surface of sessions and second factors, which the store nodes keep beside the users
 * ({@code docs/event-bus.md} describes it for other services). Bodies are JSON; a session that a request starts or
 * refreshes travels as {@link SessionGrant}. An outcome the caller acts on is an answer, {@code {"failed": reason}} with
 * a {@link SessionFailure}'s wire name, and a limit reached is a {@link Refusal.Throttled}; failures are the
 * {@link BusFailure} codes ({@code INVALID_REQUEST}, {@code NOT_FOUND}, {@code STORAGE_ERROR}). Requests that a client
 * makes carry its {@link RequestOrigin}: the store limits by its address and writes it into the audit trail.
 *
 * <ul>
 *   <li>{@link #BEGIN}: {@code {"login","credentialVersion","userAgent"}}, after the password was checked →
 *       {@code {"session": grant}}, or for a user with a second factor {@code {"mfa": {"mfaToken","expiresIn"}}}; fails
 *       {@code NOT_FOUND} when the user is gone or its password changed meanwhile.</li>
 *   <li>{@link #COMPLETE_MFA}: {@code {"mfaToken","code"}} or {@code {"mfaToken","recoveryCode"}}, with
 *       {@code "userAgent"} → {@code {"session": grant}}, or failed {@code invalid-token}, {@code wrong-code},
 *       {@code locked}, or throttled.</li>
 *   <li>{@link #REFRESH}: {@code {"refreshToken"}} → {@code {"session": grant}} with the next refresh token (or, for the
 *       token just replaced, the current one again), or failed {@code invalid-token}, or throttled. A token older than
 *       that ends the session.</li>
 *   <li>{@link #END}: {@code {"login","sessionId","reason"}} ({@code logout} or {@code revoked}) → {@code {"ended": bool}},
 *       or throttled.</li>
 *   <li>{@link #LIST}: {@code {"login"}} → {@code {"sessions": [{"id","createdAt","refreshedAt","expiresAt",
 *       "clientAddress","userAgent","amr"}...]}}, the live ones, most recently used first. Never a token.</li>
 *   <li>{@link #CHECK}: {@code {"sessionId"}} → {@code {"live": true, "login"}} or {@code {"live": false}}.</li>
 *   <li>{@link #TOTP_ENROLL}: {@code {"login"}} → {@code {"secret","uri"}}, a new secret waiting for confirmation, or
 *       failed {@code enabled}.</li>
 *   <li>{@link #TOTP_CONFIRM}: {@code {"login","code"}} → {@code {"recoveryCodes": [...]}}, or failed
 *       {@code wrong-code}, {@code no-enrollment}, {@code enabled}.</li>
 *   <li>{@link #TOTP_DISABLE}: {@code {"login"}} → {@code {"disabled": bool}}.</li>
 *   <li>{@link #TOTP_STATUS}: {@code {"login"}} → {@code {"enabled": bool}}.</li>
 * </ul>
 * The store publishes {@link #ENDED} {@code {"sessionId","login"}} when a session ends before its time (a logout, a
 * revocation, a reuse, one too many for its user): edges refuse its access tokens from then on.
 */
public final class SessionAddresses {

  public static final String BEGIN = "sessions.begin";
  public static final String COMPLETE_MFA = "sessions.complete-mfa";
  public static final String REFRESH = "sessions.refresh";
  public static final String END = "sessions.end";
  public static final String LIST = "sessions.list";
  public static final String CHECK = "sessions.check";
  public static final String ENDED = "sessions.ended";
  public static final String TOTP_ENROLL = "totp.enroll";
  public static final String TOTP_CONFIRM = "totp.confirm";
  public static final String TOTP_DISABLE = "totp.disable";
  public static final String TOTP_STATUS = "totp.status";

  /** The longest {@code User-Agent} a session keeps, in characters. */
  public static final int MAX_USER_AGENT = 256;

  private SessionAddresses() {
  }
}
