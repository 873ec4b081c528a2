package io.github.userservice.support;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;

/**
 * The sessions table of a test's database, read and aged behind the service's back (the service's clock is the
 * real one, and nobody waits seven days), through a pool of its own with the service's own {@link Dialect}.
 */
public final class StoredSessions implements AutoCloseable {

  private final Dialect dialect;
  private final Pool pool;

  private StoredSessions(Dialect dialect, Pool pool) {
    this.dialect = dialect;
    this.pool = pool;
  }

  public static StoredSessions open(Vertx vertx, JsonObject db) {
    Dialect dialect = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", db.copy())).db());
    return new StoredSessions(dialect, dialect.open(vertx));
  }

  /** As if the session's current refresh token had been issued at {@code when}. */
  public void refreshedAt(String sessionId, Instant when) {
    update("UPDATE sessions SET refreshed_at = ? WHERE id = ?", Tuple.of(dialect.parameter(when), sessionId));
  }

  /** As if the session had been started long enough ago to reach its maximum age at {@code when}. */
  public void expiresAt(String sessionId, Instant when) {
    update("UPDATE sessions SET expires_at = ? WHERE id = ?", Tuple.of(dialect.parameter(when), sessionId));
  }

  /** Rows of the sessions table, live or not, for this login. */
  public int count(String login) {
    return pool.preparedQuery(dialect.sql("SELECT count(*) FROM sessions WHERE login = ?")).execute(Tuple.of(login)).await()
      .iterator().next().getInteger(0);
  }

  /** Every text column of the session, mfaToken, TOTP and recovery-code tables, for looking for a secret in them. */
  public String everything() {
    StringBuilder all = new StringBuilder();
    for (String table : new String[] {"sessions", "mfa_challenges", "totp_factors", "recovery_codes", "key_checks"}) {
      pool.query("SELECT * FROM " + table).execute().await().forEach(row -> {
        for (int i = 0; i < row.size(); i++) {
          all.append(row.getValue(i)).append('|');
        }
        all.append('\n');
      });
    }
    return all.toString();
  }

  private void update(String sql, Tuple parameters) {
    int rows = pool.preparedQuery(dialect.sql(sql)).execute(parameters).await().rowCount();
    if (rows != 1) {
      throw new AssertionError("no such session");
    }
  }

  @Override
  public void close() {
    pool.close().await();
  }
}
