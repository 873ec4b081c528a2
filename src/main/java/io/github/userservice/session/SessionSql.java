package io.github.userservice.session;

/**
 * The queries of sessions, the password steps waiting for a second factor, and the keys' check values, written once
 * for both databases with {@code ?} parameters ({@code Dialect#sql} numbers them for PostgreSQL). A session is live
 * only while its user still has the credential version it started with, so a password change or a reset ends every
 * session without touching them: the queries that read sessions join the user at that version.
 */
final class SessionSql {

  static final String USER = "SELECT registered_at, credential_version FROM users WHERE login = ?";
  /**
   * A session at the credential version its user had when its password or code was checked: should the password have
   * changed in between, the session is dead from the start, since sessions are read at their user's current version.
   */
  static final String START = "INSERT INTO sessions (id, login, credential_version, generation, amr, created_at, refreshed_at, expires_at, "
    + "client_address, user_agent) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)";
  static final String FIND = "SELECT s.login, s.generation, s.amr, s.created_at, s.refreshed_at, s.expires_at, u.registered_at, u.credential_version "
    + "FROM sessions s JOIN users u ON u.login = s.login AND u.credential_version = s.credential_version WHERE s.id = ?";
  /** Compare-and-set: the next generation, only from the one the refresh token named. */
  static final String ROTATE = "UPDATE sessions SET generation = generation + 1, refreshed_at = ?, client_address = ? WHERE id = ? AND generation = ?";
  static final String END = "DELETE FROM sessions WHERE id = ? AND login = ?";
  static final String REVOKE = "DELETE FROM sessions WHERE id = ?";
  static final String LIST = "SELECT s.id, s.amr, s.created_at, s.refreshed_at, s.expires_at, s.client_address, s.user_agent "
    + "FROM sessions s JOIN users u ON u.login = s.login AND u.credential_version = s.credential_version "
    + "WHERE s.login = ? AND s.expires_at > ? AND s.refreshed_at > ? ORDER BY s.refreshed_at DESC, s.id LIMIT ?";
  /** The sessions of a user past the most recently used ones it may keep, live or not. */
  static final String BEYOND_LIMIT = "SELECT id FROM sessions WHERE login = ? ORDER BY refreshed_at DESC, id LIMIT ? OFFSET ?";
  /** A batch of sessions past their maximum age or idle too long. */
  static final String PURGE = "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ? OR refreshed_at <= ? LIMIT ?)";

  static final String ADD_CHALLENGE = "INSERT INTO mfa_challenges (token_hash, login, credential_version, client_address, expires_at) "
    + "VALUES (?, ?, ?, ?, ?)";
  static final String FIND_CHALLENGE = "SELECT login, credential_version, client_address, expires_at FROM mfa_challenges WHERE token_hash = ?";
  /** Compare-and-set: the challenge is used once, and only before it expired. */
  static final String USE_CHALLENGE = "DELETE FROM mfa_challenges WHERE token_hash = ? AND expires_at > ?";
  static final String PURGE_CHALLENGES =
    "DELETE FROM mfa_challenges WHERE token_hash IN (SELECT token_hash FROM mfa_challenges WHERE expires_at <= ? LIMIT ?)";

  static final String ADD_KEY_CHECK = "INSERT INTO key_checks (name, check_value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";
  static final String KEY_CHECKS = "SELECT name, check_value FROM key_checks";

  private SessionSql() {
  }
}
