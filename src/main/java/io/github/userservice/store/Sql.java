package io.github.userservice.store;

/**
 * Every query of the user store, written once for both databases with {@code ?} parameters only (input is never
 * concatenated into SQL); {@link Dialect#sql} gives each its database's placeholders.
 */
final class Sql {

  static final String PING = "SELECT 1";
  static final String LOGIN_EXISTS = "SELECT 1 FROM users WHERE login = ?";
  /**
   * A new user, unless the login is taken: no error then, but no row, since a statement that fails aborts the whole
   * transaction on PostgreSQL (the audit event written beside it included).
   */
  static final String INSERT_USER =
    "INSERT INTO users (login, password_hash, registered_at, credential_version) VALUES (?, ?, ?, ?) ON CONFLICT (login) DO NOTHING";
  /** Like {@link #INSERT_USER}, with an email address: no row either when the address is another user's. */
  static final String INSERT_USER_WITH_EMAIL = "INSERT INTO users (login, password_hash, registered_at, credential_version, email, "
    + "email_key, verification_mail_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  static final String EMAIL_TAKEN = "SELECT 1 FROM users WHERE email_key = ? AND login <> ?";
  /** Compare-and-set: replaces the hash only if nobody changed it since it was read. Tokens stay valid. */
  static final String REPLACE_HASH = "UPDATE users SET password_hash = ? WHERE login = ? AND password_hash = ?";
  /** Compare-and-set like {@link #REPLACE_HASH}, and a new credential version: earlier tokens are refused. */
  static final String CHANGE_PASSWORD =
    "UPDATE users SET password_hash = ?, credential_version = credential_version + 1 WHERE login = ? AND password_hash = ?";
  static final String DELETE_USER = "DELETE FROM users WHERE login = ?";
  static final String FIND_CREDENTIALS =
    "SELECT login, registered_at, credential_version, email, email_verified, password_hash FROM users WHERE login = ?";
  static final String FIND_USER = "SELECT login, registered_at, credential_version, email, email_verified, "
    + "EXISTS (SELECT 1 FROM totp_factors WHERE totp_factors.login = users.login AND enabled_at IS NOT NULL) FROM users WHERE login = ?";
  /** When the user's last verification mail went out: at most one a minute. */
  static final String VERIFICATION_MAIL_AT = "SELECT verification_mail_at FROM users WHERE login = ?";
  /** A new address, unverified, if the last verification mail is older than the given time (the unique key judges races). */
  static final String CHANGE_EMAIL = "UPDATE users SET email = ?, email_key = ?, email_verified = FALSE, verification_mail_at = ? "
    + "WHERE login = ? AND (verification_mail_at IS NULL OR verification_mail_at <= ?)";
  /** Claims the next verification mail of an unverified address, at most one a minute; the user's row when it may go. */
  static final String CLAIM_VERIFICATION_MAIL = "UPDATE users SET verification_mail_at = ? WHERE login = ? AND email IS NOT NULL "
    + "AND email_verified = FALSE AND (verification_mail_at IS NULL OR verification_mail_at <= ?) RETURNING login, credential_version, email";
  /** The address a verification token was issued for, verified, if the user still has it. */
  static final String VERIFY_EMAIL = "UPDATE users SET email_verified = TRUE WHERE login = ? AND email = ?";
  /**
   * Claims the next reset mail of a user with a verified address, at most one a minute, in one statement that locks
   * the row (two requests at once: one gets it); the user's row when it may go.
   */
  static final String CLAIM_RESET_MAIL_BY_LOGIN = "UPDATE users SET reset_mail_at = ? WHERE login = ? AND email_verified = TRUE "
    + "AND (reset_mail_at IS NULL OR reset_mail_at <= ?) RETURNING login, credential_version, email";
  static final String CLAIM_RESET_MAIL_BY_EMAIL = "UPDATE users SET reset_mail_at = ? WHERE email_key = ? AND email_verified = TRUE "
    + "AND (reset_mail_at IS NULL OR reset_mail_at <= ?) RETURNING login, credential_version, email";
  /** A new password from a reset token, only while the credential version is still the one the token was issued for. */
  static final String RESET_PASSWORD =
    "UPDATE users SET password_hash = ?, credential_version = credential_version + 1 WHERE login = ? AND credential_version = ?";
  /** A user brought from elsewhere: added unless the login is taken, which is no error but a skip. */
  static final String IMPORT_USER =
    "INSERT INTO users (login, password_hash, registered_at, credential_version) VALUES (?, ?, ?, ?) ON CONFLICT (login) DO NOTHING";
  /** A page of the export: like {@link #LIST_USERS}, with the hashes. */
  static final String EXPORT_USERS =
    "SELECT login, registered_at, credential_version, password_hash FROM users WHERE login > ? ORDER BY login LIMIT ?";
  /** Keyset pagination: the page after a login, in login order, served by the primary key. */
  static final String LIST_USERS = "SELECT login, registered_at, credential_version FROM users WHERE login > ? ORDER BY login LIMIT ?";

  static final String INSERT_AUDIT_EVENT =
    "INSERT INTO audit_events (occurred_at, type, login, actor, client_address, request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
  /** Keyset pagination: the events after an id, oldest first, so that a follower asks for what came since. */
  static final String AUDIT_EVENTS = "SELECT id, occurred_at, type, login, actor, client_address, request_id, detail FROM audit_events WHERE id > ?";
  static final String AUDIT_EVENTS_OF_LOGIN = " AND login = ?";
  static final String AUDIT_EVENTS_OF_TYPE = " AND type = ?";
  static final String AUDIT_EVENTS_PAGE = " ORDER BY id LIMIT ?";
  /** A batch of the oldest events past retention: short statements, so that a purge never holds the table for long. */
  static final String PURGE_AUDIT_EVENTS = "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE occurred_at < ? ORDER BY id LIMIT ?)";

  static final String INSERT_DELIVERY = "INSERT INTO webhook_outbox (event_id, url, payload, attempts, next_attempt_at, claimed_until, created_at) "
    + "VALUES (?, ?, ?, 0, ?, ?, ?)";
  /** Claims due deliveries for a while, so that no other store node sends them meanwhile; the dialect may skip held rows. */
  static final String CLAIM_DELIVERIES = "UPDATE webhook_outbox SET claimed_until = ? WHERE id IN (SELECT id FROM webhook_outbox "
    + "WHERE next_attempt_at <= ? AND claimed_until <= ? ORDER BY id LIMIT ?%s) RETURNING id, event_id, url, payload, attempts, created_at";
  static final String DELIVERED = "DELETE FROM webhook_outbox WHERE id = ?";
  static final String RETRY_DELIVERY = "UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, claimed_until = ? WHERE id = ?";
  static final String PENDING_DELIVERIES = "SELECT count(*) FROM webhook_outbox";

  static final String DELETE_TOKENS_OF = "DELETE FROM account_tokens WHERE login = ? AND purpose = ?";
  static final String DELETE_ALL_TOKENS_OF = "DELETE FROM account_tokens WHERE login = ?";
  static final String INSERT_TOKEN = "INSERT INTO account_tokens (digest, purpose, login, credential_version, email, created_at, expires_at) "
    + "VALUES (?, ?, ?, ?, ?, ?, ?)";
  static final String FIND_TOKEN =
    "SELECT digest, login, credential_version, email FROM account_tokens WHERE digest = ? AND purpose = ? AND expires_at > ?";
  /** Single use: the token is read and deleted in one statement. */
  static final String CONSUME_TOKEN =
    "DELETE FROM account_tokens WHERE digest = ? AND purpose = ? AND expires_at > ? RETURNING digest, login, credential_version, email";
  static final String PURGE_TOKENS = "DELETE FROM account_tokens WHERE expires_at <= ?";

  static final String INSERT_RESET_REQUEST =
    "INSERT INTO reset_requests (login, email_key, client_address, request_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
  /** Takes a stored request to look it up: whoever deletes it handles it, once. */
  static final String TAKE_RESET_REQUEST = "DELETE FROM reset_requests WHERE id = ? RETURNING login, email_key, client_address, request_id";
  /** Requests stored but not handled a while later: their store instance stopped between the answer and the lookup. */
  static final String LEFT_RESET_REQUESTS = "SELECT id FROM reset_requests WHERE created_at < ? ORDER BY id LIMIT 100";

  static final String INSERT_MAIL = "INSERT INTO mail_outbox (recipient, template, variables, attempts, next_attempt_at, claimed_until, "
    + "created_at, expires_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?)";
  static final String CLAIM_MAILS = "UPDATE mail_outbox SET claimed_until = ? WHERE id IN (SELECT id FROM mail_outbox "
    + "WHERE next_attempt_at <= ? AND claimed_until <= ? ORDER BY id LIMIT ?%s) RETURNING id, recipient, template, variables, attempts, expires_at";
  static final String MAIL_SENT = "DELETE FROM mail_outbox WHERE id = ?";
  static final String RETRY_MAIL = "UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, claimed_until = ? WHERE id = ?";
  static final String PENDING_MAILS = "SELECT count(*) FROM mail_outbox";

  private Sql() {
  }
}
