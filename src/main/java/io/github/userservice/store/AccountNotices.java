package io.github.userservice.store;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;

/**
 * The notices that parts of the store role outside {@code store/} send to a user's verified address, written in their
 * own transaction like every account mail: nothing is sent for a change that rolled back, nothing is lost for one
 * that committed. Without {@code mail.host}, or without a verified address, there is nothing to send.
 */
public final class AccountNotices {

  private static final String VERIFIED_EMAIL = "SELECT email FROM users WHERE login = ? AND email_verified = TRUE";

  private final AccountMail mail;
  private final Dialect dialect;

  public AccountNotices(ServiceConfig.Mail config, Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
    this.mail = new AccountMail(config, dialect, new AccountTokens(dialect, new SecureRandom()));
  }

  /** A recovery code of this user's second factor was used to log in; {@code left} of them remain. */
  public Future<Void> recoveryCodeUsed(SqlClient client, String login, long left, Instant now) {
    if (!mail.enabled()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(dialect.sql(VERIFIED_EMAIL)).execute(Tuple.of(login))
      .compose(rows -> {
        String email = rows.iterator().hasNext() ? rows.iterator().next().getString("email") : null;
        return mail.notice(client, AccountMail.RECOVERY_CODE_USED, login, email, now, new JsonObject().put("left", left));
      });
  }
}
