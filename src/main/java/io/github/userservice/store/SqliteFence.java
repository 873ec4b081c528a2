package io.github.userservice.store;

import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * SQLite connections whose writes to {@code users} are fenced: each connection gets a function, {@value #FUNCTION},
 * that asks this process whether it may write now, and temporary triggers (this connection's own, not stored in the
 * file) that abort any insert, update or delete of a user when it says no. The check runs inside the statement,
 * in native code from the trigger to the end of the write, so no pause of this JVM can fall between them.
 */
final class SqliteFence extends SQLiteDataSource {

  static final String FUNCTION = "user_service_may_write";

  private final BooleanSupplier writable;
  private final List<String> triggers;

  SqliteFence(SQLiteConfig config, Path file, BooleanSupplier writable, List<String> triggers) {
    super(config);
    setUrl("jdbc:sqlite:" + file);
    this.writable = Objects.requireNonNull(writable);
    this.triggers = List.copyOf(triggers);
  }

  @Override
  public SQLiteConnection getConnection(String username, String password) throws SQLException {
    SQLiteConnection connection = super.getConnection(username, password);
    try (Statement statement = connection.createStatement()) {
      Function.create(connection, FUNCTION, new Function() {
        @Override
        protected void xFunc() throws SQLException {
          result(writable.getAsBoolean() ? 1 : 0);
        }
      });
      for (String trigger : triggers) {
        statement.execute(trigger);
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
