package io.github.userservice.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The audit trail: each security event written to the {@code audit_events} table and, in the same transaction, a
 * delivery to each webhook that wants its type ({@link WebhookOutbox}); once stored, one JSON line on the
 * {@value #LOGGER} logger, for operators to route. A refusal (a throttled login or registration) is recorded once a
 * minute per login and address at most: a flood of refused attempts costs no more than one write a minute each, and
 * the trail still says it happened. Thread-safe; one per store node.
 */
public final class AuditTrail {

  public static final String LOGGER = "audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Duration REPEATED_REFUSALS = Duration.ofMinutes(1);
  private static final int PURGE_BATCH = 500;

  private final AuditRepository events;
  private final Dialect dialect;
  private final List<ServiceConfig.Webhook> webhooks;
  private final Cache<String, Boolean> recentRefusals = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REPEATED_REFUSALS).build();

  public AuditTrail(Dialect dialect, List<ServiceConfig.Webhook> webhooks) {
    this.dialect = Objects.requireNonNull(dialect);
    this.events = new AuditRepository(dialect);
    this.webhooks = List.copyOf(webhooks);
  }

  /**
   * Writes the event and its webhook deliveries on this connection, inside the caller's transaction, and returns it
   * with its id; the caller {@link #announce announces} it once the transaction committed.
   */
  Future<AuditEvent> write(SqlConnection connection, AuditEvent event) {
    return events.insert(connection, event).compose(id -> {
      AuditEvent stored = event.withId(id);
      Future<Void> deliveries = Future.succeededFuture();
      for (ServiceConfig.Webhook webhook : webhooks) {
        if (webhook.wants(event.type().wireName())) {
          deliveries = deliveries.compose(added -> WebhookOutbox.add(connection, dialect, id, webhook.url(), payload(stored), Instant.now()));
        }
      }
      return deliveries.map(stored);
    });
  }

  /** Writes the event in a transaction of its own, then announces it; a repeated refusal is left out. */
  public Future<Void> record(Pool pool, AuditEvent event) {
    if (isRepeatedRefusal(event)) {
      return Future.succeededFuture();
    }
    return dialect.inTransaction(pool, connection -> write(connection, event)).onSuccess(this::announce).mapEmpty();
  }

  /** The log line of a stored event. */
  void announce(AuditEvent event) {
    JsonObject json = event.toJson();
    LOG.info(Markers.appendEntries(json.getMap()), json.encode());
  }

  /** Up to {@code limit} events after the id {@code after}, oldest first, of this login and type when given. */
  Future<List<AuditEvent>> page(Pool pool, long after, String login, AuditType type, int limit) {
    return events.page(pool, after, login, type, limit);
  }

  /** Deletes the events older than {@code cutoff}, a batch at a time; how many it deleted. */
  Future<Integer> purge(Pool pool, Instant cutoff) {
    return events.purge(pool, cutoff, PURGE_BATCH)
      .compose(deleted -> deleted < PURGE_BATCH ? Future.succeededFuture(deleted) : purge(pool, cutoff).map(more -> deleted + more));
  }

  /**
   * The body a webhook receives, in the Standard Webhooks layout: {@code {"type", "timestamp", "data"}}, the data
   * being the event as {@code /admin/audit} shows it.
   */
  static String payload(AuditEvent event) {
    return new JsonObject().put("type", event.type().wireName()).put("timestamp", event.time().toString()).put("data", event.toJson()).encode();
  }

  private boolean isRepeatedRefusal(AuditEvent event) {
    if (!event.type().outcome().equals("refused")) {
      return false;
    }
    String key = event.type().wireName() + "|" + event.login() + "|" + event.clientAddress();
    return recentRefusals.asMap().putIfAbsent(key, Boolean.TRUE) != null;
  }
}
