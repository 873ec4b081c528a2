package io.github.userservice.bus;

/**
 * The event-bus surface of the user store for email addresses and password resets: what sends account mail. The
 * store writes each mail into its outbox in the same transaction as the token it carries, and its mail sender
 * delivers it; a store node without {@code mail.host} fails every one of these {@code MAIL_NOT_CONFIGURED}, and so
 * does {@code users.register} with an email address. Tokens travel only inside requests, never in replies or logs.
 *
 * <ul>
 *   <li>{@link #CHANGE_EMAIL}: {@code {"login","email"}} → the user with its new, unverified address; a verification
 *       mail to it and a notice to the old one (when that was verified); a throttled refusal when the account's last
 *       verification mail went out less than a minute ago; fails {@code EMAIL_TAKEN}, {@code NOT_FOUND}.</li>
 *   <li>{@link #RESEND_VERIFICATION}: {@code {"login"}} → {@code {}}; a new verification mail unless the address is
 *       verified already, or the last one went out less than a minute ago (then nothing, silently).</li>
 *   <li>{@link #VERIFY_EMAIL}: {@code {"token"}} → {@code {"login"}}; fails {@code INVALID_TOKEN} for a token that is
 *       unknown, used, expired, or for an address the account no longer has.</li>
 *   <li>{@link #REQUEST_PASSWORD_RESET}: {@code {"login"}} or {@code {"email"}} → {@code {}} at once, once the request
 *       is counted against its client address (a throttled refusal past {@code throttle.passwordResetsPerAddressPerHour})
 *       and stored; the account is looked up after the reply, and a reset mail goes to its verified address, at most
 *       one a minute per account. The reply is the same, and as fast, whether or not the account exists.</li>
 *   <li>{@link #RESET_PASSWORD}: {@code {"token","newPassword"}} → the user with its new credential version; a weak
 *       password refusal; fails {@code INVALID_TOKEN} (unknown, used, expired, or voided by a newer request or a
 *       credential change), {@code OVERLOADED}, {@code HASHER_UNAVAILABLE}.</li>
 * </ul>
 * The store publishes {@link UserAddresses#CHANGED} after a change of address, a verification and a reset.
 */
public final class AccountMailAddresses {

  public static final String CHANGE_EMAIL = "users.change-email";
  public static final String RESEND_VERIFICATION = "users.resend-verification";
  public static final String VERIFY_EMAIL = "users.verify-email";
  public static final String REQUEST_PASSWORD_RESET = "users.request-password-reset";
  public static final String RESET_PASSWORD = "users.reset-password";

  private AccountMailAddresses() {
  }
}
