package io.github.userservice.store;

import java.util.List;

/** Every SQL statement of the service, with {@code ?} parameters only: input is never concatenated into SQL. */
final class Sql {

  /**
   * Schema migrations in order: entry {@code i} brings {@code PRAGMA user_version} from {@code i} to {@code i + 1}.
   * Append, never edit: a database already at version {@code i + 1} will not run entry {@code i} again.
   */
  static final List<List<String>> MIGRATIONS = List.of(
    List.of("""
      CREATE TABLE users (
        login         TEXT NOT NULL PRIMARY KEY,
        password_hash TEXT NOT NULL,
        registered_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID"""),
    // 2: a counter bumped by every password change; access tokens carry it and are refused once it moved
    List.of("ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1"));

  /** Persistent in the file; set here rather than on every connection's open, where it would race without a busy timeout. */
  static final String WAL_JOURNAL = "PRAGMA journal_mode = WAL";
  static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";
  static final String COMMIT = "COMMIT";
  static final String ROLLBACK = "ROLLBACK";
  static final String SCHEMA_VERSION = "PRAGMA user_version";
  static final String SET_SCHEMA_VERSION = "PRAGMA user_version = %d";

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
  /** Keyset pagination: the page after a login, in login order, served by the primary key. */
  static final String LIST_USERS = "SELECT login, registered_at, credential_version FROM users WHERE login > ? ORDER BY login LIMIT ?";

  private Sql() {
  }
}
