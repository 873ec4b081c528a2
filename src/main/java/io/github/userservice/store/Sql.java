package io.github.userservice.store;

/**
 * Every query of the user store, written once for both databases with {@code ?} parameters only (input is never
 * concatenated into SQL); {@link Dialect#sql} gives each its database's placeholders.
 */
final class Sql {

  static final String PING = "SELECT 1";
  static final String LOGIN_EXISTS = "SELECT 1 FROM users WHERE login = ?";
  static final String INSERT_USER = "INSERT INTO users (login, password_hash, registered_at, credential_version) VALUES (?, ?, ?, ?)";
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

  private Sql() {
  }
}
