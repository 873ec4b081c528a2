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
      ) STRICT, WITHOUT ROWID"""));

  /** Persistent in the file; set here rather than on every connection's open, where it would race without a busy timeout. */
  static final String WAL_JOURNAL = "PRAGMA journal_mode = WAL";
  static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";
  static final String COMMIT = "COMMIT";
  static final String ROLLBACK = "ROLLBACK";
  static final String SCHEMA_VERSION = "PRAGMA user_version";
  static final String SET_SCHEMA_VERSION = "PRAGMA user_version = %d";

  static final String PING = "SELECT 1";
  static final String LOGIN_EXISTS = "SELECT 1 FROM users WHERE login = ?";
  static final String INSERT_USER = "INSERT INTO users (login, password_hash, registered_at) VALUES (?, ?, ?)";
  /** Compare-and-set: replaces the hash only if nobody changed it since it was read. */
  static final String REPLACE_HASH = "UPDATE users SET password_hash = ? WHERE login = ? AND password_hash = ?";
  static final String FIND_CREDENTIALS = "SELECT login, registered_at, password_hash FROM users WHERE login = ?";
  static final String FIND_ACCOUNT = "SELECT login, registered_at FROM users WHERE login = ?";

  private Sql() {
  }
}
