package io.github.userservice.bus;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a security event records, by its wire name (the audit table, the log line, webhooks), and its outcome:
 * {@code success}, {@code failure} (a wrong password) or {@code refused} (turned away before any check). Names are
 * part of the interface other systems follow: never rename one.
 */
public enum AuditType {
  USER_REGISTERED("user.registered", "success"),
  REGISTRATION_THROTTLED("registration.throttled", "refused"),
  LOGIN_SUCCEEDED("login.succeeded", "success"),
  LOGIN_FAILED("login.failed", "failure"),
  LOGIN_THROTTLED("login.throttled", "refused"),
  PASSWORD_CHANGED("password.changed", "success"),
  PASSWORD_CHANGE_FAILED("password.change_failed", "failure"),
  USER_DELETED("user.deleted", "success"),
  KEY_ROTATED("key.rotated", "success"),
  USERS_EXPORTED("admin.export", "success"),
  USERS_IMPORTED("admin.import", "success"),
  DATABASE_BACKED_UP("admin.backup", "success"),
  SESSION_STARTED("session.started", "success"),
  SESSION_ENDED("session.ended", "success"),
  SESSION_REUSE_DETECTED("session.reuse_detected", "failure"),
  SESSION_THROTTLED("session.throttled", "refused"),
  MFA_SUCCEEDED("mfa.succeeded", "success"),
  MFA_FAILED("mfa.failed", "failure"),
  MFA_THROTTLED("mfa.throttled", "refused"),
  TOTP_ENROLLMENT_STARTED("totp.enrollment_started", "success"),
  TOTP_CONFIRMATION_FAILED("totp.confirmation_failed", "failure"),
  TOTP_ENABLED("totp.enabled", "success"),
  TOTP_DISABLED("totp.disabled", "success"),
  RECOVERY_CODE_USED("recovery_code.used", "success"),
  /** A reset mail was queued for this account. */
  PASSWORD_RESET_REQUESTED("password.reset_requested", "success"),
  /** A reset request sent nothing: no such account, no verified address, or a reset mail less than a minute ago. */
  PASSWORD_RESET_IGNORED("password.reset_ignored", "failure"),
  /** A client address past {@code throttle.passwordResetsPerAddressPerHour}. */
  PASSWORD_RESET_THROTTLED("password.reset_throttled", "refused"),
  /** A password set anew with a reset token. */
  PASSWORD_RESET("password.reset", "success"),
  /** A reset token that is unknown, used, expired or voided. */
  PASSWORD_RESET_FAILED("password.reset_failed", "failure"),
  /** A new email address, unverified yet; {@code detail} is the address. */
  EMAIL_CHANGED("email.changed", "success"),
  /** A verification mail was queued (at registration, at a change, or asked again). */
  EMAIL_VERIFICATION_REQUESTED("email.verification_requested", "success"),
  EMAIL_VERIFIED("email.verified", "success"),
  /** A verification token that is unknown, used, expired or for an address the account no longer has. */
  EMAIL_VERIFICATION_FAILED("email.verification_failed", "failure"),
  /** Creation options were handed to a signed-in user who had just proven the password or the second factor. */
  PASSKEY_REGISTRATION_STARTED("passkey.registration_started", "success"),
  /** A passkey was added; {@code detail} is its credential id. */
  PASSKEY_REGISTERED("passkey.registered", "success"),
  /** A registration refused: its challenge, origin, relying party, user verification or attestation; {@code detail} says which. */
  PASSKEY_REGISTRATION_FAILED("passkey.registration_failed", "failure"),
  /** A login with a passkey; {@code detail} is its credential id (the session's start follows as session.started). */
  PASSKEY_LOGIN_SUCCEEDED("passkey.login_succeeded", "success"),
  /** A login with a known passkey refused; {@code detail} says why (challenge, origin, user handle, signature...). */
  PASSKEY_LOGIN_FAILED("passkey.login_failed", "failure"),
  /** An assertion whose signature counter did not move past the stored one: a cloned authenticator, or a replay. */
  PASSKEY_COUNTER_REGRESSED("passkey.counter_regressed", "failure"),
  /** A passkey renamed; {@code detail} is its credential id. */
  PASSKEY_RENAMED("passkey.renamed", "success"),
  /** A passkey removed; {@code detail} is its credential id. */
  PASSKEY_DELETED("passkey.deleted", "success");

  private final String wireName;
  private final String outcome;

  AuditType(String wireName, String outcome) {
    this.wireName = wireName;
    this.outcome = outcome;
  }

  public String wireName() {
    return wireName;
  }

  public String outcome() {
    return outcome;
  }

  public static Optional<AuditType> of(String wireName) {
    return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
  }
}
