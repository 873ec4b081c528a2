package io.github.userservice.support;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;

/** The passkey tables (and a session's start) as stored, read and changed behind the service's back. */
public final class StoredPasskeys implements AutoCloseable {

  private final Dialect dialect;
  private final Pool pool;

  private StoredPasskeys(Dialect dialect, Pool pool) {
    this.dialect = dialect;
    this.pool = pool;
  }

  public static StoredPasskeys open(Vertx vertx, JsonObject db) {
    Dialect dialect = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", db.copy())).db());
    return new StoredPasskeys(dialect, dialect.open(vertx));
  }

  /** As if the session's login had been at {@code when}. */
  public void sessionCreatedAt(String sessionId, Instant when) {
    int rows = pool.preparedQuery(dialect.sql("UPDATE sessions SET created_at = ? WHERE id = ?")).execute(Tuple.of(dialect.parameter(when), sessionId))
      .await().rowCount();
    if (rows != 1) {
      throw new AssertionError("no such session");
    }
  }

  /** As if every challenge under way had been given out long ago. */
  public void expireChallenges() {
    pool.preparedQuery(dialect.sql("UPDATE passkey_challenges SET expires_at = ?")).execute(Tuple.of(dialect.parameter(Instant.now().minusSeconds(1))))
      .await();
  }

  public String userHandle(String login) {
    return pool.preparedQuery(dialect.sql("SELECT user_handle FROM passkey_users WHERE login = ?")).execute(Tuple.of(login)).await()
      .iterator().next().getString(0);
  }

  public long signCount(String credentialId) {
    return pool.preparedQuery(dialect.sql("SELECT sign_count FROM passkeys WHERE credential_id = ?")).execute(Tuple.of(credentialId)).await()
      .iterator().next().getLong(0);
  }

  @Override
  public void close() {
    pool.close().await();
  }
}
