package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The webhook deliveries still to make, in the {@code webhook_outbox} table: written in the same transaction as the
 * audit event they carry, so that an event stored is an event delivered, at least once, whatever crashes in between;
 * claimed a few at a time by the store node that sends them, for a while, so that no other one sends them meanwhile;
 * deleted once the receiver took them.
 */
public final class WebhookOutbox {

  /** A delivery to make: the event's payload, as first written, for this receiver, after this many attempts. */
  public record Delivery(long id, long eventId, String url, String payload, int attempts, Instant createdAt) {
  }

  private final OutboxTable<Delivery> table;

  public WebhookOutbox(Pool pool, Dialect dialect) {
    this.table = new OutboxTable<>(pool, dialect,
      new OutboxTable.Statements(Sql.CLAIM_DELIVERIES, Sql.DELIVERED, Sql.RETRY_DELIVERY, Sql.PENDING_DELIVERIES),
      row -> new Delivery(row.getLong(0), row.getLong(1), row.getString(2), row.getString(3), row.getInteger(4), dialect.instant(row, 5)));
  }

  static Future<Void> add(SqlClient client, Dialect dialect, long eventId, String url, String payload, Instant now) {
    return client.preparedQuery(dialect.sql(Sql.INSERT_DELIVERY))
      .execute(Tuple.of(eventId, url, payload, dialect.parameter(now), dialect.parameter(Instant.EPOCH), dialect.parameter(now)))
      .mapEmpty();
  }

  /** Up to {@code limit} deliveries that are due, claimed for {@code lease}. */
  public Future<List<Delivery>> claimDue(Instant now, Duration lease, int limit) {
    return table.claimDue(now, lease, limit);
  }

  /** Done with: delivered, or given up. */
  public Future<Void> remove(Delivery delivery) {
    return table.remove(delivery.id());
  }

  /** Another attempt at {@code next}, the claim released. */
  public Future<Void> retryAt(Delivery delivery, Instant next) {
    return table.retryAt(delivery.id(), delivery.attempts(), next);
  }

  public Future<Long> pending() {
    return table.pending();
  }
}
