package io.github.userservice.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The users table of a service's SQLite database, read and filled beside the service through the SQLite driver the
 * service ships (no sqlite3 command needed): counting rows, and seeding large stores while the service is stopped.
 */
final class StoredRows {

  private StoredRows() {
  }

  static long count(Path database) {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
         Statement statement = db.createStatement();
         ResultSet rows = statement.executeQuery("SELECT count(*) FROM users")) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the users in " + database, e);
    }
  }

  static String passwordHash(Path database, String login) {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
         var query = db.prepareStatement("SELECT password_hash FROM users WHERE login = ?")) {
      query.setString(1, login);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + database, e);
    }
  }

  /** Rows seedNNNNNNN from {@code have} up to {@code size}, every one with the same hash, in one transaction. */
  static void seed(Path database, long have, long size, String hash) {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
         Statement statement = db.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      db.setAutoCommit(false);
      statement.executeUpdate("WITH RECURSIVE n(x) AS (SELECT " + have + " UNION ALL SELECT x + 1 FROM n WHERE x + 1 < " + size + ") "
        + "INSERT INTO users (login, password_hash, registered_at, credential_version) "
        + "SELECT printf('seed%07d', x), '" + hash.replace("'", "''") + "', '2026-01-01T00:00:00Z', 1 FROM n");
      db.commit();
      db.setAutoCommit(true);
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot seed " + database, e);
    }
  }
}
