package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The account mail still to send, in the {@code mail_outbox} table: written in the same transaction as the token it
 * carries (so a mail stored is a mail sent, at least once, whatever crashes in between, and a token never exists
 * without its mail), claimed a few at a time by the store node that sends them, deleted once the relay took them or
 * once they are no longer worth sending ({@code expiresAt}: a reset link after its token expired). A row holds its
 * template's name and variables, a link with its token among them: the outbox is as secret as the token table was
 * before digests, and rows leave it within minutes.
 */
public final class MailOutbox {

  /** A mail to send: to whom, which template with which variables, after this many attempts, worth sending until when. */
  public record Mail(long id, String recipient, String template, JsonObject variables, int attempts, Instant expiresAt) {

    @Override
    public String toString() {
      // the variables hold the link and its token: never in a log line
      return "Mail[" + id + ", " + template + "]";
    }
  }

  private final OutboxTable<Mail> table;

  public MailOutbox(Pool pool, Dialect dialect) {
    this.table = new OutboxTable<>(pool, dialect, new OutboxTable.Statements(Sql.CLAIM_MAILS, Sql.MAIL_SENT, Sql.RETRY_MAIL, Sql.PENDING_MAILS),
      row -> new Mail(row.getLong(0), row.getString(1), row.getString(2), new JsonObject(row.getString(3)), row.getInteger(4),
        dialect.instant(row, 5)));
  }

  static Future<Void> add(SqlClient client, Dialect dialect, String recipient, String template, JsonObject variables, Instant now,
                          Instant expiresAt) {
    return client.preparedQuery(dialect.sql(Sql.INSERT_MAIL)).execute(Tuple.of(recipient, template, variables.encode(),
      dialect.parameter(now), dialect.parameter(Instant.EPOCH), dialect.parameter(now), dialect.parameter(expiresAt))).mapEmpty();
  }

  /** Up to {@code limit} mails that are due, claimed for {@code lease}. */
  public Future<List<Mail>> claimDue(Instant now, Duration lease, int limit) {
    return table.claimDue(now, lease, limit);
  }

  /** Done with: sent, or given up. */
  public Future<Void> remove(Mail mail) {
    return table.remove(mail.id());
  }

  /** Another attempt at {@code next}, the claim released. */
  public Future<Void> retryAt(Mail mail, Instant next) {
    return table.retryAt(mail.id(), mail.attempts(), next);
  }

  public Future<Long> pending() {
    return table.pending();
  }
}
