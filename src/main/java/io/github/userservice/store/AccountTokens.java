package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens account mail carries, in the {@code account_tokens} table: 256 random bits, sent as 43 characters of
 * base64url, stored only as their SHA-256 digest (a copy of the table opens nothing), each for one purpose, bound
 * to the user's credential version at issue (any later credential change voids it without a write) and, for a
 * verification, to the address it verifies. A new token of a purpose deletes the user's older ones of that purpose;
 * using one deletes it, in the statement that reads it, so that a token works once.
 */
final class AccountTokens {

  /** What a token is for; the name is stored with it. */
  enum Purpose {
    PASSWORD_RESET("password-reset"), EMAIL_VERIFICATION("email-verification");

    private final String stored;

    Purpose(String stored) {
      this.stored = stored;
    }
  }

  /** What a valid token was issued for. */
  record Issued(String login, int credentialVersion, String email) {
  }

  private static final int BYTES = 32;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Dialect dialect;
  private final SecureRandom random;

  AccountTokens(Dialect dialect, SecureRandom random) {
    this.dialect = Objects.requireNonNull(dialect);
    this.random = Objects.requireNonNull(random);
  }

  /** Whether a string can be a token at all: 43 characters of base64url. Anything else is not looked up. */
  static boolean hasShape(String token) {
    return token != null && SHAPE.matcher(token).matches();
  }

  /**
   * A new token for this user and purpose, valid until {@code expiresAt}, its older ones of the purpose deleted;
   * returns the token itself, which exists nowhere else but in the mail about to be written.
   */
  Future<String> issue(SqlClient client, Purpose purpose, String login, int credentialVersion, String email, Instant now, Instant expiresAt) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return client.preparedQuery(dialect.sql(Sql.DELETE_TOKENS_OF)).execute(Tuple.of(login, purpose.stored))
      .compose(voided -> client.preparedQuery(dialect.sql(Sql.INSERT_TOKEN)).execute(Tuple.of(digest(token), purpose.stored, login,
        credentialVersion, email, dialect.parameter(now), dialect.parameter(expiresAt))))
      .map(token);
  }

  /** What a valid, unexpired token of this purpose was issued for, without using it up. */
  Future<Optional<Issued>> find(SqlClient client, Purpose purpose, String token, Instant now) {
    String digest = digest(token);
    return client.preparedQuery(dialect.sql(Sql.FIND_TOKEN)).execute(Tuple.of(digest, purpose.stored, dialect.parameter(now)))
      .map(rows -> issued(rows, digest));
  }

  /** Like {@link #find}, and deletes the token in the same statement: of two uses at once, one gets it. */
  Future<Optional<Issued>> consume(SqlClient client, Purpose purpose, String token, Instant now) {
    String digest = digest(token);
    return client.preparedQuery(dialect.sql(Sql.CONSUME_TOKEN)).execute(Tuple.of(digest, purpose.stored, dialect.parameter(now)))
      .map(rows -> issued(rows, digest));
  }

  /** Deletes the user's tokens of this purpose: whatever they were sent for no longer holds. */
  Future<Void> voidAll(SqlClient client, Purpose purpose, String login) {
    return client.preparedQuery(dialect.sql(Sql.DELETE_TOKENS_OF)).execute(Tuple.of(login, purpose.stored)).mapEmpty();
  }

  /** Deletes every token of the user: it is gone. */
  Future<Void> deleteAll(SqlClient client, String login) {
    return client.preparedQuery(dialect.sql(Sql.DELETE_ALL_TOKENS_OF)).execute(Tuple.of(login)).mapEmpty();
  }

  /** Deletes the expired tokens; how many. */
  Future<Integer> purgeExpired(SqlClient client, Instant now) {
    return client.preparedQuery(dialect.sql(Sql.PURGE_TOKENS)).execute(Tuple.of(dialect.parameter(now))).map(RowSet::rowCount);
  }

  /**
   * The row found by its digest, compared once more in constant time: the lookup by primary key is what finds it,
   * and this check makes sure that no collation or index quirk ever lets another value match.
   */
  private static Optional<Issued> issued(RowSet<Row> rows, String digest) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    if (!MessageDigest.isEqual(row.getString(0).getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    return Optional.of(new Issued(row.getString(1), row.getInteger(2), row.getString(3)));
  }

  /** SHA-256 of the token's text, in hex. */
  static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
