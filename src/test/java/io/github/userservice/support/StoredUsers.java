package io.github.userservice.support;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.Optional;

/**
 * The users table of a test's database, read and written behind the service's back through a pool of its own, with
 * the service's own {@link Dialect}: to check what is stored, and to plant what an older version or another system
 * would have stored.
 */
public final class StoredUsers implements AutoCloseable {

  private final Dialect dialect;
  private final Pool pool;

  private StoredUsers(Dialect dialect, Pool pool) {
    this.dialect = dialect;
    this.pool = pool;
  }

  /** The users of the database this {@code db} configuration section names. */
  public static StoredUsers open(Vertx vertx, JsonObject db) {
    Dialect dialect = Dialect.of(ServiceConfig.fromJson(new JsonObject().put("db", db.copy())).db());
    return new StoredUsers(dialect, dialect.open(vertx));
  }

  /** How many users are stored under this login: 0 or 1. */
  public int count(String login) {
    return query("SELECT count(*) FROM users WHERE login = ?", Tuple.of(login)).iterator().next().getInteger(0);
  }

  public long total() {
    return query("SELECT count(*) FROM users", Tuple.tuple()).iterator().next().getLong(0);
  }

  public Optional<String> passwordHash(String login) {
    RowSet<Row> rows = query("SELECT password_hash FROM users WHERE login = ?", Tuple.of(login));
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0));
  }

  /** A user as an older version of the service, or an import, would have stored it. */
  public void plant(String login, String passwordHash, Instant registeredAt) {
    query("INSERT INTO users (login, password_hash, registered_at) VALUES (?, ?, ?)",
      Tuple.of(login, passwordHash, dialect.parameter(registeredAt)));
  }

  /** Forgets when the user's last reset and verification mails went out: the next ones may go at once. */
  public void allowNextMails(String login) {
    query("UPDATE users SET reset_mail_at = NULL, verification_mail_at = NULL WHERE login = ?", Tuple.of(login));
  }

  /** Marks every stored address verified, as if each user had opened its verification mail. */
  public void verifyEveryAddress() {
    query("UPDATE users SET email_verified = TRUE WHERE email IS NOT NULL", Tuple.tuple());
  }

  /**
   * A reset request for this login as the store stores it before its 202, left there: as if the store instance that
   * answered it had stopped before looking it up.
   */
  public void leaveResetRequest(String login, Instant createdAt) {
    query("INSERT INTO reset_requests (login, email_key, client_address, request_id, created_at) VALUES (?, NULL, ?, ?, ?)",
      Tuple.of(login, "127.0.0.1", "left-by-a-stopped-store", dialect.parameter(createdAt)));
  }

  /** Makes every token of the user expired, as if its time had passed. */
  public void expireTokens(String login) {
    query("UPDATE account_tokens SET expires_at = ? WHERE login = ?", Tuple.of(dialect.parameter(Instant.now().minusSeconds(1)), login));
  }

  /** Every stored token's column values, as text, for checks that no token is stored as it was sent. */
  public java.util.List<String> storedTokens() {
    java.util.List<String> values = new java.util.ArrayList<>();
    query("SELECT digest, purpose, login FROM account_tokens", Tuple.tuple()).forEach(row -> values.add(row.getString(0)));
    return values;
  }

  @Override
  public void close() {
    pool.close().await();
  }

  private RowSet<Row> query(String sql, Tuple parameters) {
    return pool.preparedQuery(dialect.sql(sql)).execute(parameters).await();
  }
}
