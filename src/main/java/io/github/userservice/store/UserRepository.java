package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.github.userservice.account.EmailAddress;
import io.github.userservice.bus.UserRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** SQL access to the {@code users} table, and nothing else: no hashing, no rules. The same queries for every database. */
final class UserRepository {

  private static final int SQLITE_CONSTRAINT = 19;

  private final Pool pool;
  private final Dialect dialect;

  UserRepository(Pool pool, Dialect dialect) {
    this.pool = Objects.requireNonNull(pool);
    this.dialect = Objects.requireNonNull(dialect);
  }

  /** The pool, for statements of other tables in the same database (the audit trail). */
  Pool pool() {
    return pool;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} on one connection inside one transaction: all of it is stored, or none of it. */
  <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    return dialect.inTransaction(pool, work);
  }

  Future<Void> ping() {
    return pool.query(dialect.sql(Sql.PING)).execute().mapEmpty();
  }

  Future<Boolean> exists(String login) {
    return query(Sql.LOGIN_EXISTS).execute(Tuple.of(login)).map(rows -> rows.size() > 0);
  }

  /**
   * True when the user was added, false when the login (or its email address) is taken: the unique keys are the
   * judges, race-safe.
   */
  Future<Boolean> insert(SqlClient client, UserRecord user, String passwordHash) {
    Account account = user.account();
    Tuple row = Tuple.of(account.login(), passwordHash, dialect.parameter(account.registeredAt()), user.credentialVersion());
    if (user.email() != null) {
      // its verification mail goes out with it: the next one may wait a minute
      row.addString(user.email()).addString(EmailAddress.key(user.email())).addValue(dialect.parameter(account.registeredAt()));
    }
    return client.preparedQuery(dialect.sql(user.email() == null ? Sql.INSERT_USER : Sql.INSERT_USER_WITH_EMAIL)).execute(row)
      .map(rows -> rows.rowCount() == 1);
  }

  /** Whether another user than {@code login} has this address, in any case. */
  Future<Boolean> emailTaken(SqlClient client, String email, String login) {
    return client.preparedQuery(dialect.sql(Sql.EMAIL_TAKEN)).execute(Tuple.of(EmailAddress.key(email), login)).map(rows -> rows.size() > 0);
  }

  /**
   * Adds each user whose login is free, all in one transaction (a failure stores none of them); for each, whether it
   * was added, false when its login was taken, by an earlier user or one before it in the list.
   */
  Future<List<Boolean>> insertAll(List<StoredUser> users) {
    return dialect.inTransaction(pool, connection -> {
      List<Boolean> added = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      PreparedQuery<RowSet<Row>> insert = connection.preparedQuery(dialect.sql(Sql.IMPORT_USER));
      for (StoredUser user : users) {
        Account account = user.record().account();
        Tuple row = Tuple.of(account.login(), user.passwordHash(), dialect.parameter(account.registeredAt()), user.record().credentialVersion());
        chain = chain.compose(previous -> insert.execute(row).map(rows -> added.add(rows.rowCount() == 1)).mapEmpty());
      }
      return chain.map(added);
    });
  }

  /** Up to {@code limit} users with their hashes after {@code afterLogin}, in login order, read through {@code snapshot}. */
  Future<List<StoredUser>> exportPage(SqlClient snapshot, String afterLogin, int limit) {
    return snapshot.preparedQuery(dialect.sql(Sql.EXPORT_USERS)).execute(Tuple.of(afterLogin, limit)).map(rows -> {
      List<StoredUser> page = new ArrayList<>();
      rows.forEach(row -> page.add(new StoredUser(record(row), row.getString(3))));
      return page;
    });
  }

  /** Replaces a password hash atomically, only if it is still {@code oldHash}; true when it was replaced. */
  Future<Boolean> replaceHash(String login, String oldHash, String newHash) {
    return update(Sql.REPLACE_HASH, Tuple.of(newHash, login, oldHash));
  }

  /** Like {@link #replaceHash}, and bumps the credential version; true when it was changed. */
  Future<Boolean> changePassword(SqlClient client, String login, String oldHash, String newHash) {
    return client.preparedQuery(dialect.sql(Sql.CHANGE_PASSWORD)).execute(Tuple.of(newHash, login, oldHash)).map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> delete(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(Sql.DELETE_USER)).execute(Tuple.of(login)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<StoredUser>> findCredentials(String login) {
    return query(Sql.FIND_CREDENTIALS).execute(Tuple.of(login))
      .map(rows -> first(rows, row -> new StoredUser(profile(row), row.getString(5))));
  }

  Future<Optional<UserRecord>> find(String login) {
    return find(pool, login);
  }

  Future<Optional<UserRecord>> find(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(Sql.FIND_USER)).execute(Tuple.of(login))
      .map(rows -> first(rows, this::profileWithSecondFactor));
  }

  /** Up to {@code limit} users after {@code afterLogin} (exclusive) in login order. */
  Future<List<UserRecord>> list(String afterLogin, int limit) {
    return query(Sql.LIST_USERS).execute(Tuple.of(afterLogin, limit)).map(rows -> {
      List<UserRecord> page = new ArrayList<>();
      rows.forEach(row -> page.add(record(row)));
      return page;
    });
  }

  /** A user a mail is about to go to: with the credential version a token is bound to, and the address. */
  record MailTarget(String login, int credentialVersion, String email) {
  }

  /** When the user's last verification mail went out, if one ever did. */
  Future<Optional<Instant>> verificationMailAt(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(Sql.VERIFICATION_MAIL_AT)).execute(Tuple.of(login))
      .map(rows -> rows.size() == 0 || rows.iterator().next().getValue(0) == null
        ? Optional.<Instant>empty() : Optional.of(dialect.instant(rows.iterator().next(), 0)));
  }

  /** A new, unverified address, unless the last verification mail went out after {@code notBefore}; true when changed. */
  Future<Boolean> changeEmail(SqlClient client, String login, String email, Instant now, Instant notBefore) {
    return client.preparedQuery(dialect.sql(Sql.CHANGE_EMAIL))
      .execute(Tuple.of(email, EmailAddress.key(email), dialect.parameter(now), login, dialect.parameter(notBefore)))
      .map(rows -> rows.rowCount() == 1);
  }

  /** The user, when its unverified address may get a verification mail now (none after {@code notBefore}); marks it sent. */
  Future<Optional<MailTarget>> claimVerificationMail(SqlClient client, String login, Instant now, Instant notBefore) {
    return client.preparedQuery(dialect.sql(Sql.CLAIM_VERIFICATION_MAIL))
      .execute(Tuple.of(dialect.parameter(now), login, dialect.parameter(notBefore))).map(rows -> first(rows, UserRepository::target));
  }

  /**
   * The user of this login, or of this address in any case, when it has a verified address that may get a reset mail
   * now (none after {@code notBefore}); marks it sent.
   */
  Future<Optional<MailTarget>> claimResetMail(SqlClient client, String login, String emailKey, Instant now, Instant notBefore) {
    return client.preparedQuery(dialect.sql(login != null ? Sql.CLAIM_RESET_MAIL_BY_LOGIN : Sql.CLAIM_RESET_MAIL_BY_EMAIL))
      .execute(Tuple.of(dialect.parameter(now), login != null ? login : emailKey, dialect.parameter(notBefore)))
      .map(rows -> first(rows, UserRepository::target));
  }

  /** Marks the address verified if the user still has exactly this one; true when it did. */
  Future<Boolean> verifyEmail(SqlClient client, String login, String email) {
    return client.preparedQuery(dialect.sql(Sql.VERIFY_EMAIL)).execute(Tuple.of(login, email)).map(rows -> rows.rowCount() == 1);
  }

  /** A new password and credential version, if the credential version is still {@code credentialVersion}. */
  Future<Boolean> resetPassword(SqlClient client, String login, int credentialVersion, String newHash) {
    return client.preparedQuery(dialect.sql(Sql.RESET_PASSWORD)).execute(Tuple.of(newHash, login, credentialVersion))
      .map(rows -> rows.rowCount() == 1);
  }

  /** Whether a statement failed on a unique key (SQLite's SQLITE_CONSTRAINT, PostgreSQL's 23505). */
  static boolean isUniqueViolation(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException sql && sql.getErrorCode() == SQLITE_CONSTRAINT) {
        return true;
      }
      if (cause instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
        return true;
      }
    }
    return false;
  }

  private static MailTarget target(Row row) {
    return new MailTarget(row.getString(0), row.getInteger(1), row.getString(2));
  }

  private Future<Boolean> update(String sql, Tuple parameters) {
    return query(sql).execute(parameters).map(rows -> rows.rowCount() == 1);
  }

  private PreparedQuery<RowSet<Row>> query(String statement) {
    return pool.preparedQuery(dialect.sql(statement));
  }

  private UserRecord record(Row row) {
    return new UserRecord(new Account(row.getString(0), dialect.instant(row, 1)), row.getInteger(2));
  }

  /** A user with its email address: {@code login, registered_at, credential_version, email, email_verified}. */
  private UserRecord profile(Row row) {
    return new UserRecord(new Account(row.getString(0), dialect.instant(row, 1)), row.getInteger(2), row.getString(3), bool(row, 4));
  }

  /** {@link #profile(Row)}, and whether a second factor is on: {@code ..., email_verified, totp_enabled}. */
  private UserRecord profileWithSecondFactor(Row row) {
    return new UserRecord(new Account(row.getString(0), dialect.instant(row, 1)), row.getInteger(2), row.getString(3), bool(row, 4),
      bool(row, 5));
  }

  /** A boolean column: PostgreSQL's boolean, SQLite's 0 or 1. */
  static boolean bool(Row row, int column) {
    Object value = row.getValue(column);
    return value instanceof Boolean ? (Boolean) value : value instanceof Number && ((Number) value).intValue() != 0;
  }

  private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(mapper.apply(rows.iterator().next()));
  }
}
