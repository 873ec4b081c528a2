package io.github.userservice.bus;

/**
 * The event-bus surface of passkeys, which the store nodes keep beside the sessions: challenges live in the database,
 * so a ceremony one edge started any edge may finish. Bodies are JSON; options and credentials travel in the WebAuthn
 * Level 3 JSON forms. An outcome the caller acts on is an answer, {@code {"failed": reason}} with a
 * {@link PasskeyFailure}'s wire name; a limit reached is a {@link Refusal.Throttled}; failures are the
 * {@link BusFailure} codes. Requests carry the client's {@link RequestOrigin}.
 *
 * <ul>
 *   <li>{@link #REGISTRATION_OPTIONS}: {@code {"login","sessionId","passwordChecked"}} → {@code {"options"}}
 *       (PublicKeyCredentialCreationOptionsJSON), or failed {@code reauthentication-required} when the session's
 *       login is not recent and the password was not checked with the request.</li>
 *   <li>{@link #REGISTER}: {@code {"login","sessionId","credential","name"}} → {@code {"passkey"}}, or failed
 *       {@code invalid-credential} or {@code already-registered}.</li>
 *   <li>{@link #LOGIN_OPTIONS}: {@code {}} → {@code {"options"}} (PublicKeyCredentialRequestOptionsJSON), or throttled.</li>
 *   <li>{@link #LOGIN}: {@code {"credential","userAgent"}} → {@code {"session": grant}} as a password login answers,
 *       or failed {@code invalid-credential}, or throttled.</li>
 *   <li>{@link #LIST}: {@code {"login"}} → {@code {"passkeys": [{"id","name","createdAt","lastUsedAt","backupEligible",
 *       "backedUp"}...]}}.</li>
 *   <li>{@link #RENAME}: {@code {"login","id","name"}} → {@code {"passkey"}} or failed {@code not-found}.</li>
 *   <li>{@link #DELETE}: {@code {"login","id"}} → {@code {"deleted": bool}}.</li>
 * </ul>
 */
public final class PasskeyAddresses {

  public static final String REGISTRATION_OPTIONS = "passkeys.registration-options";
  public static final String REGISTER = "passkeys.register";
  public static final String LOGIN_OPTIONS = "passkeys.login-options";
  public static final String LOGIN = "passkeys.login";
  public static final String LIST = "passkeys.list";
  public static final String RENAME = "passkeys.rename";
  public static final String DELETE = "passkeys.delete";

  private PasskeyAddresses() {
  }
}
