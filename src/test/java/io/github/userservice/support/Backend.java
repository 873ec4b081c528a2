package io.github.userservice.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The databases the service keeps its users in. Every test that touches persistence runs once against each
 * ({@code @ParameterizedClass @EnumSource(Backend.class)}): SQLite in the test's folder, and a database of its own on
 * the tests' real {@link PostgresServer}.
 */
public enum Backend {

  SQLITE {
    @Override
    public JsonObject db(Path dir) {
      return new JsonObject().put("path", dir.resolve("data/users.db").toString()).put("backupPath", dir.resolve("data/backups").toString());
    }

    @Override
    public void setSchemaVersion(JsonObject db, int version) {
      Path file = Path.of(db.getString("path"));
      try {
        Files.createDirectories(file.getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
          connection.createStatement().execute("PRAGMA user_version = " + version);
        }
      } catch (IOException | SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  },

  POSTGRESQL {
    @Override
    public JsonObject db(Path dir) {
      PostgresServer server = PostgresServer.shared();
      return new JsonObject().put("url", server.createDatabase()).put("passwordFile", server.passwordFile(dir).toString());
    }

    @Override
    public void setSchemaVersion(JsonObject db, int version) {
      String url = db.getString("url");
      PostgresServer.shared().psql(url.substring(url.lastIndexOf('/') + 1),
        "CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (" + version + ")");
    }
  };

  /** The {@code db} section of a configuration whose files live in {@code dir}: a new, empty database. */
  public abstract JsonObject db(Path dir);

  /** Records a schema version in a database as the service does, as if a version of the service had migrated it. */
  public abstract void setSchemaVersion(JsonObject db, int version);
}
