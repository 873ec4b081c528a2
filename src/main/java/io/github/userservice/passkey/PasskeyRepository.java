package io.github.userservice.passkey;

import io.github.userservice.store.Dialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** SQL access to the {@code passkeys}, {@code passkey_users} and {@code passkey_challenges} tables, and nothing else. */
final class PasskeyRepository {

  private final Pool pool;
  private final Dialect dialect;

  PasskeyRepository(Pool pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool);
    this.dialect = Objects.requireNonNull(dialect);
  }

  Pool pool() {
    return pool;
  }

  Dialect dialect() {
    return dialect;
  }

  /** The user's credential version; empty when there is no such user. */
  Future<Optional<Integer>> credentialVersion(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(PasskeySql.USER)).execute(Tuple.of(login)).map(rows -> first(rows).map(row -> row.getInteger(0)));
  }

  Future<Optional<Instant>> sessionCreated(String sessionId, String login) {
    return pool.preparedQuery(dialect.sql(PasskeySql.SESSION_CREATED)).execute(Tuple.of(sessionId, login))
      .map(rows -> first(rows).map(row -> dialect.instant(row, 0)));
  }

  /** The user's handle, this new one unless it has one already. */
  Future<String> userHandle(String login, String newHandle) {
    return pool.preparedQuery(dialect.sql(PasskeySql.ADD_USER_HANDLE)).execute(Tuple.of(login, newHandle))
      .compose(added -> pool.preparedQuery(dialect.sql(PasskeySql.USER_HANDLE)).execute(Tuple.of(login)))
      .map(rows -> first(rows).orElseThrow().getString(0));
  }

  Future<Void> addChallenge(String challengeHash, String purpose, String login, String sessionId, Instant expiresAt) {
    return pool.preparedQuery(dialect.sql(PasskeySql.ADD_CHALLENGE))
      .execute(Tuple.of(challengeHash, purpose, login, sessionId, dialect.parameter(expiresAt))).mapEmpty();
  }

  /** True when this was a live challenge given to this session for a registration, and is used up now. */
  Future<Boolean> useRegistrationChallenge(String challengeHash, String login, String sessionId, Instant now) {
    return pool.preparedQuery(dialect.sql(PasskeySql.USE_REGISTRATION_CHALLENGE))
      .execute(Tuple.of(challengeHash, login, sessionId, dialect.parameter(now))).map(rows -> rows.rowCount() == 1);
  }

  /** True when this was a live challenge for a login, and is used up now. */
  Future<Boolean> useLoginChallenge(String challengeHash, Instant now) {
    return pool.preparedQuery(dialect.sql(PasskeySql.USE_LOGIN_CHALLENGE))
      .execute(Tuple.of(challengeHash, dialect.parameter(now))).map(rows -> rows.rowCount() == 1);
  }

  Future<Integer> purgeChallenges(Instant now, int limit) {
    return pool.preparedQuery(dialect.sql(PasskeySql.PURGE_CHALLENGES)).execute(Tuple.of(dialect.parameter(now), limit)).map(RowSet::rowCount);
  }

  Future<Optional<StoredPasskey>> find(String credentialId) {
    return pool.preparedQuery(dialect.sql(PasskeySql.FIND)).execute(Tuple.of(credentialId)).map(rows -> first(rows).map(this::passkey));
  }

  Future<List<StoredPasskey>> list(String login) {
    return pool.preparedQuery(dialect.sql(PasskeySql.LIST)).execute(Tuple.of(login)).map(rows -> {
      List<StoredPasskey> passkeys = new ArrayList<>();
      rows.forEach(row -> passkeys.add(passkey(row)));
      return passkeys;
    });
  }

  Future<Void> add(String credentialId, String login, String name, String publicKey, String aaguid, long signCount, boolean backupEligible,
                   boolean backedUp, Instant createdAt) {
    Tuple values = Tuple.of(credentialId, login, name, publicKey, aaguid, signCount, backupEligible ? 1 : 0, backedUp ? 1 : 0)
      .addValue(dialect.parameter(createdAt));
    return pool.preparedQuery(dialect.sql(PasskeySql.ADD)).execute(values).mapEmpty();
  }

  /** True when the counter moved past the stored one (or both are 0) and is stored. */
  Future<Boolean> advanceCounter(String credentialId, long signCount) {
    return pool.preparedQuery(dialect.sql(PasskeySql.ADVANCE_COUNTER)).execute(Tuple.of(signCount, credentialId, signCount, signCount))
      .map(rows -> rows.rowCount() == 1);
  }

  Future<Void> used(SqlClient client, String credentialId, boolean backedUp, Instant now) {
    return client.preparedQuery(dialect.sql(PasskeySql.USED)).execute(Tuple.of(backedUp ? 1 : 0, dialect.parameter(now), credentialId)).mapEmpty();
  }

  Future<Boolean> rename(String credentialId, String login, String name) {
    return pool.preparedQuery(dialect.sql(PasskeySql.RENAME)).execute(Tuple.of(name, credentialId, login)).map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> delete(SqlClient client, String credentialId, String login) {
    return client.preparedQuery(dialect.sql(PasskeySql.DELETE)).execute(Tuple.of(credentialId, login)).map(rows -> rows.rowCount() == 1);
  }

  private StoredPasskey passkey(Row row) {
    return new StoredPasskey(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5),
      row.getInteger(6) == 1, row.getInteger(7) == 1, dialect.instant(row, 8), row.getValue(9) == null ? null : dialect.instant(row, 9),
      row.getString(10));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    var iterator = rows.iterator();
    return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
  }
}
