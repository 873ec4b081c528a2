package io.github.userservice.passkey;

/**
 * The queries of passkeys, their users' handles and the challenges of ceremonies under way, written once for both
 * databases with {@code ?} parameters ({@code Dialect#sql} numbers them for PostgreSQL).
 */
final class PasskeySql {

  static final String USER = "SELECT credential_version FROM users WHERE login = ?";
  /** When the session's login was: registering needs a recent one (or the password again). */
  static final String SESSION_CREATED = "SELECT created_at FROM sessions WHERE id = ? AND login = ?";

  static final String ADD_USER_HANDLE = "INSERT INTO passkey_users (login, user_handle) VALUES (?, ?) ON CONFLICT (login) DO NOTHING";
  static final String USER_HANDLE = "SELECT user_handle FROM passkey_users WHERE login = ?";

  static final String ADD_CHALLENGE = "INSERT INTO passkey_challenges (challenge_hash, purpose, login, session_id, expires_at) VALUES (?, ?, ?, ?, ?)";
  /** Compare-and-set: a registration's challenge is used once, before it expired, by the session it was given to. */
  static final String USE_REGISTRATION_CHALLENGE = "DELETE FROM passkey_challenges WHERE challenge_hash = ? AND purpose = 'register' "
    + "AND login = ? AND session_id = ? AND expires_at > ?";
  /** Compare-and-set: a login's challenge is used once, before it expired. */
  static final String USE_LOGIN_CHALLENGE = "DELETE FROM passkey_challenges WHERE challenge_hash = ? AND purpose = 'login' AND expires_at > ?";
  static final String PURGE_CHALLENGES =
    "DELETE FROM passkey_challenges WHERE challenge_hash IN (SELECT challenge_hash FROM passkey_challenges WHERE expires_at <= ? LIMIT ?)";

  static final String COLUMNS = "p.credential_id, p.login, p.name, p.public_key, p.aaguid, p.sign_count, p.backup_eligible, p.backup_state, "
    + "p.created_at, p.last_used_at, u.user_handle";
  static final String FIND = "SELECT " + COLUMNS + " FROM passkeys p JOIN passkey_users u ON u.login = p.login WHERE p.credential_id = ?";
  static final String LIST = "SELECT " + COLUMNS + " FROM passkeys p JOIN passkey_users u ON u.login = p.login WHERE p.login = ? "
    + "ORDER BY p.created_at, p.credential_id";
  static final String ADD = "INSERT INTO passkeys (credential_id, login, name, public_key, aaguid, sign_count, backup_eligible, backup_state, "
    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /**
   * Compare-and-set on the signature counter (WebAuthn Level 3, 7.2 step 22): it must move past the stored one, unless
   * both are 0 (an authenticator without a counter); two logins racing with one clone can not both pass.
   */
  static final String ADVANCE_COUNTER = "UPDATE passkeys SET sign_count = ? WHERE credential_id = ? AND (sign_count < ? OR (sign_count = 0 AND ? = 0))";
  static final String USED = "UPDATE passkeys SET backup_state = ?, last_used_at = ? WHERE credential_id = ?";
  static final String RENAME = "UPDATE passkeys SET name = ? WHERE credential_id = ? AND login = ?";
  static final String DELETE = "DELETE FROM passkeys WHERE credential_id = ? AND login = ?";

  private PasskeySql() {
  }
}
