package io.github.userservice.totp;

import io.github.userservice.store.Dialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SQL access to the {@code totp_factors} and {@code recovery_codes} tables, and nothing else: secrets go in and out
 * encrypted, recovery codes as their hashes. Each changing statement is a compare-and-set, so that concurrent requests
 * never both use one code.
 */
final class TotpRepository {

  /** A user's TOTP secret, encrypted; enabled once its first code was confirmed. */
  record Factor(String encryptedSecret, boolean enabled, long lastStep) {
  }

  /** A new secret waiting for its first code, replacing one that waited, never an enabled one. */
  private static final String ENROLL = "INSERT INTO totp_factors (login, secret, created_at, enabled_at, last_step) VALUES (?, ?, ?, NULL, NULL) "
    + "ON CONFLICT (login) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL "
    + "WHERE totp_factors.enabled_at IS NULL";
  private static final String FIND = "SELECT secret, enabled_at, last_step FROM totp_factors WHERE login = ?";
  /** Enables the very secret whose code was checked: another enrollment in between replaced it. */
  private static final String ENABLE = "UPDATE totp_factors SET enabled_at = ?, last_step = ? WHERE login = ? AND enabled_at IS NULL AND secret = ?";
  /** Compare-and-set: a step is accepted once, and only after the last one accepted. */
  private static final String ACCEPT_STEP = "UPDATE totp_factors SET last_step = ? WHERE login = ? AND enabled_at IS NOT NULL "
    + "AND (last_step IS NULL OR last_step < ?)";
  private static final String DISABLE = "DELETE FROM totp_factors WHERE login = ?";
  private static final String ADD_RECOVERY_CODE = "INSERT INTO recovery_codes (login, code_hash) VALUES (?, ?)";
  private static final String USE_RECOVERY_CODE = "DELETE FROM recovery_codes WHERE login = ? AND code_hash = ?";
  private static final String FORGET_RECOVERY_CODES = "DELETE FROM recovery_codes WHERE login = ?";
  private static final String COUNT_RECOVERY_CODES = "SELECT count(*) FROM recovery_codes WHERE login = ?";

  private final Pool pool;
  private final Dialect dialect;

  TotpRepository(Pool pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool);
    this.dialect = Objects.requireNonNull(dialect);
  }

  /** True when the secret now waits for confirmation; false when the user's second factor is enabled already. */
  Future<Boolean> enroll(SqlClient client, String login, String encryptedSecret, Instant now) {
    return update(client, ENROLL, Tuple.of(login, encryptedSecret, dialect.parameter(now)));
  }

  Future<Optional<Factor>> find(String login) {
    return find(pool, login);
  }

  /** Through {@code client}: inside a transaction, its own connection (a SQLite pool has one). */
  Future<Optional<Factor>> find(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(FIND)).execute(Tuple.of(login)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      Long lastStep = row.getLong(2);
      return Optional.of(new Factor(row.getString(0), row.getValue(1) != null, lastStep == null ? Long.MIN_VALUE : lastStep));
    });
  }

  Future<Boolean> enable(SqlClient client, String login, String encryptedSecret, long step, Instant now) {
    return update(client, ENABLE, Tuple.of(dialect.parameter(now), step, login, encryptedSecret));
  }

  Future<Boolean> acceptStep(SqlClient client, String login, long step) {
    return update(client, ACCEPT_STEP, Tuple.of(step, login, step));
  }

  /** Turns the second factor off: the secret and the recovery codes; true when there was one. */
  Future<Boolean> disable(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(FORGET_RECOVERY_CODES)).execute(Tuple.of(login))
      .compose(forgotten -> update(client, DISABLE, Tuple.of(login)));
  }

  /** The user's recovery codes replaced by these hashes. */
  Future<Void> replaceRecoveryCodes(SqlClient client, String login, List<String> hashes) {
    Future<Void> chain = client.preparedQuery(dialect.sql(FORGET_RECOVERY_CODES)).execute(Tuple.of(login)).mapEmpty();
    for (String hash : hashes) {
      chain = chain.compose(v -> client.preparedQuery(dialect.sql(ADD_RECOVERY_CODE)).execute(Tuple.of(login, hash)).mapEmpty());
    }
    return chain;
  }

  /** True for the one caller that used this code. */
  Future<Boolean> useRecoveryCode(SqlClient client, String login, String hash) {
    return update(client, USE_RECOVERY_CODE, Tuple.of(login, hash));
  }

  Future<Long> recoveryCodesLeft(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(COUNT_RECOVERY_CODES)).execute(Tuple.of(login)).map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<Boolean> update(SqlClient client, String sql, Tuple parameters) {
    return client.preparedQuery(dialect.sql(sql)).execute(parameters).map(rows -> rows.rowCount() == 1);
  }
}
