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
  /** Compare-and-set: replaces the hash only if nobody changed it since it was read. Tokens stay valid. */
  static final String REPLACE_HASH = "UPDATE users SET password_hash = ? WHERE login = ? AND password_hash = ?";
  /** Compare-and-set like {@link #REPLACE_HASH}, and a new credential version: earlier tokens are refused. */
  static final String CHANGE_PASSWORD =
    "UPDATE users SET password_hash = ?, credential_version = credential_version + 1 WHERE login = ? AND password_hash = ?";
  static final String DELETE_USER = "DELETE FROM users WHERE login = ?";
  static final String FIND_CREDENTIALS = "SELECT login, registered_at, credential_version, password_hash FROM users WHERE login = ?";
  static final String FIND_USER = "SELECT login, registered_at, credential_version FROM users WHERE login = ?";
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

  private Sql() {
  }
}
