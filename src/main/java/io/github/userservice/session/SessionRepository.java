package io.github.userservice.session;

import io.github.userservice.account.Account;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.store.Dialect;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** SQL access to the {@code sessions}, {@code mfa_challenges} and {@code key_checks} tables, and nothing else. */
final class SessionRepository {

  /** A password step waiting for its second factor. */
  record Challenge(String login, int credentialVersion, String clientAddress, Instant expiresAt) {
  }

  /** What a new session starts with. */
  record NewSession(String id, List<String> amr, Instant createdAt, Instant expiresAt, String clientAddress, String userAgent) {
  }

  private final Pool pool;
  private final Dialect dialect;

  SessionRepository(Pool pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool);
    this.dialect = Objects.requireNonNull(dialect);
  }

  Pool pool() {
    return pool;
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * Starts the session for the user if it still has this credential version: the user as it is now, or empty when it
   * was deleted or its password changed meanwhile.
   */
  Future<Optional<UserRecord>> start(SqlClient client, NewSession session, String login, int credentialVersion) {
    return client.preparedQuery(dialect.sql(SessionSql.USER)).execute(Tuple.of(login)).compose(rows -> {
      Optional<UserRecord> user = first(rows).map(row -> new UserRecord(new Account(login, dialect.instant(row, 0)), row.getInteger(1)))
        .filter(found -> found.credentialVersion() == credentialVersion);
      if (user.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      Tuple values = Tuple.of(session.id(), login, credentialVersion, String.join(" ", session.amr()), dialect.parameter(session.createdAt()),
        dialect.parameter(session.createdAt()), dialect.parameter(session.expiresAt()), session.clientAddress(), session.userAgent());
      return client.preparedQuery(dialect.sql(SessionSql.START)).execute(values).map(user);
    });
  }

  /** The session with its user as it is now; empty when unknown, or when the user's password changed since it started. */
  Future<Optional<StoredSession>> find(SqlClient client, String id) {
    return client.preparedQuery(dialect.sql(SessionSql.FIND)).execute(Tuple.of(id)).map(rows -> first(rows).map(row -> new StoredSession(id,
      new UserRecord(new Account(row.getString(0), dialect.instant(row, 6)), row.getInteger(7)),
      row.getLong(1), amr(row.getString(2)), dialect.instant(row, 3), dialect.instant(row, 4), dialect.instant(row, 5))));
  }

  Future<Optional<StoredSession>> find(String id) {
    return find(pool, id);
  }

  /** True when the session moved from {@code generation} to the next one. */
  Future<Boolean> rotate(String id, long generation, Instant now, String clientAddress) {
    return update(pool, SessionSql.ROTATE, Tuple.of(dialect.parameter(now), clientAddress, id, generation));
  }

  Future<Boolean> end(SqlClient client, String id, String login) {
    return update(client, SessionSql.END, Tuple.of(id, login));
  }

  Future<Boolean> revoke(SqlClient client, String id) {
    return update(client, SessionSql.REVOKE, Tuple.of(id));
  }

  /** The live sessions of a user, most recently used first, as the API lists them. */
  Future<List<JsonObject>> live(String login, Instant now, Instant idleSince, int limit) {
    return pool.preparedQuery(dialect.sql(SessionSql.LIST))
      .execute(Tuple.of(login, dialect.parameter(now), dialect.parameter(idleSince), limit))
      .map(rows -> {
        List<JsonObject> sessions = new ArrayList<>();
        for (Row row : rows) {
          JsonObject session = new JsonObject().put("id", row.getString(0)).put("amr", new JsonArray(amr(row.getString(1))))
            .put("createdAt", dialect.instant(row, 2).toString()).put("refreshedAt", dialect.instant(row, 3).toString())
            .put("expiresAt", dialect.instant(row, 4).toString());
          putIfPresent(session, "clientAddress", row.getString(5));
          putIfPresent(session, "userAgent", row.getString(6));
          sessions.add(session);
        }
        return sessions;
      });
  }

  /** The ids of a user's sessions after its {@code keep} most recently used ones (at most 100 at a time). */
  Future<List<String>> beyond(SqlClient client, String login, int keep) {
    return client.preparedQuery(dialect.sql(SessionSql.BEYOND_LIMIT)).execute(Tuple.of(login, 100, keep)).map(rows -> {
      List<String> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getString(0)));
      return ids;
    });
  }

  /** Deletes a batch of sessions past their maximum age or idle since {@code idleSince}; how many. */
  Future<Integer> purge(Instant now, Instant idleSince, int batch) {
    return pool.preparedQuery(dialect.sql(SessionSql.PURGE))
      .execute(Tuple.of(dialect.parameter(now), dialect.parameter(idleSince), batch)).map(RowSet::rowCount);
  }

  Future<Void> addChallenge(String tokenHash, String login, int credentialVersion, String clientAddress, Instant expiresAt) {
    return pool.preparedQuery(dialect.sql(SessionSql.ADD_CHALLENGE))
      .execute(Tuple.of(tokenHash, login, credentialVersion, clientAddress, dialect.parameter(expiresAt))).mapEmpty();
  }

  Future<Optional<Challenge>> findChallenge(String tokenHash) {
    return pool.preparedQuery(dialect.sql(SessionSql.FIND_CHALLENGE)).execute(Tuple.of(tokenHash))
      .map(rows -> first(rows).map(row -> new Challenge(row.getString(0), row.getInteger(1), row.getString(2), dialect.instant(row, 3))));
  }

  /** True for the one caller that used the challenge, before it expired. */
  Future<Boolean> useChallenge(SqlClient client, String tokenHash, Instant now) {
    return update(client, SessionSql.USE_CHALLENGE, Tuple.of(tokenHash, dialect.parameter(now)));
  }

  Future<Integer> purgeChallenges(Instant now, int batch) {
    return pool.preparedQuery(dialect.sql(SessionSql.PURGE_CHALLENGES)).execute(Tuple.of(dialect.parameter(now), batch)).map(RowSet::rowCount);
  }

  /** Records the check values that are not recorded yet, and returns all that are, by name. */
  Future<Map<String, String>> keyChecks(Map<String, String> proposed) {
    Future<Void> added = Future.succeededFuture();
    for (Map.Entry<String, String> check : proposed.entrySet()) {
      added = added.compose(v -> pool.preparedQuery(dialect.sql(SessionSql.ADD_KEY_CHECK)).execute(Tuple.of(check.getKey(), check.getValue())).mapEmpty());
    }
    return added.compose(v -> recordedKeyChecks());
  }

  Future<Map<String, String>> recordedKeyChecks() {
    return pool.query(SessionSql.KEY_CHECKS).execute().map(rows -> {
      Map<String, String> checks = new HashMap<>();
      rows.forEach(row -> checks.put(row.getString(0), row.getString(1)));
      return checks;
    });
  }

  private Future<Boolean> update(SqlClient client, String sql, Tuple parameters) {
    return client.preparedQuery(dialect.sql(sql)).execute(parameters).map(rows -> rows.rowCount() == 1);
  }

  private static List<String> amr(String stored) {
    return Arrays.asList(stored.split(" "));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static void putIfPresent(JsonObject json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
