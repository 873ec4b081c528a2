package io.github.userservice.store;

import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditQuery;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the store does for admins beside the users' own operations: exports (a snapshot each, a few at a time),
 * online backups of SQLite, the audit trail's pages, and its purge after {@code audit.retentionDays}. Each is
 * recorded in the audit trail with the admin who asked. One per store instance; the limits hold for the node.
 */
final class StoreAdministration {

  private static final Logger LOG = LoggerFactory.getLogger(StoreAdministration.class);

  private final Vertx vertx;
  private final ServiceConfig config;
  private final Dialect dialect;
  private final UserRepository users;
  private final AuditTrail audit;
  private final AtomicInteger openExports;
  private final AtomicBoolean purging;

  /**
   * @param openExports the exports open on this store node, shared by its instances
   * @param purging     whether one of the node's instances is purging the audit trail, shared likewise
   */
  StoreAdministration(Vertx vertx, ServiceConfig config, Dialect dialect, UserRepository users, AuditTrail audit,
                      AtomicInteger openExports, AtomicBoolean purging) {
    this.vertx = Objects.requireNonNull(vertx);
    this.config = Objects.requireNonNull(config);
    this.dialect = Objects.requireNonNull(dialect);
    this.users = Objects.requireNonNull(users);
    this.audit = Objects.requireNonNull(audit);
    this.openExports = Objects.requireNonNull(openExports);
    this.purging = Objects.requireNonNull(purging);
  }

  /** A snapshot of the users, paged at an address of its own: {@code {"address"}}. A few at a time: each holds a connection. */
  Future<JsonObject> openExport(RequestOrigin origin) {
    if (openExports.incrementAndGet() > UserAddresses.MAX_EXPORTS) {
      openExports.decrementAndGet();
      return Future.failedFuture(BusFailure.OVERLOADED.exception());
    }
    return ExportSession.open(vertx, dialect, users, openExports::decrementAndGet)
      .compose(address -> audit.record(users.pool(), AuditEvent.of(AuditType.USERS_EXPORTED, null, origin))
        .map(new JsonObject().put("address", address)));
  }

  /** A consistent copy of the database in {@code db.backupPath}: {@code {"name","size"}}; {@code UNSUPPORTED} on PostgreSQL. */
  Future<JsonObject> backup(RequestOrigin origin) {
    return dialect.backup(vertx, Path.of(config.db().backupPath()))
      .compose(backup -> audit.record(users.pool(), AuditEvent.of(AuditType.DATABASE_BACKED_UP, null, origin).withDetail(backup.name()))
        .map(new JsonObject().put("name", backup.name()).put("size", backup.size())))
      .recover(err -> Future.failedFuture(err instanceof UnsupportedOperationException ? BusFailure.UNSUPPORTED.exception() : err));
  }

  /** {@code {"after","login","type","limit"}} → {@code {"events":[...],"more"}}: a page of the trail, oldest first. */
  Future<JsonObject> auditEvents(JsonObject request) {
    AuditQuery query = AuditQuery.fromJson(request);
    return audit.page(users.pool(), query.after(), query.login(), query.type(), query.limit() + 1).map(page -> new JsonObject()
      .put("events", new JsonArray(page.stream().limit(query.limit()).map(AuditEvent::toJson).toList()))
      .put("more", page.size() > query.limit()));
  }

  /** Deletes the events older than {@code audit.retentionDays}: one instance of the node at a time, a batch at a time. */
  void purgeAuditTrail() {
    if (!purging.compareAndSet(false, true)) {
      return;
    }
    Instant cutoff = Instant.now().minus(Duration.ofDays(config.audit().retentionDays()));
    audit.purge(users.pool(), cutoff)
      .onSuccess(purged -> {
        if (purged > 0) {
          LOG.info("purged {} audit events older than {} days", purged, config.audit().retentionDays());
        }
      })
      .onFailure(err -> LOG.warn("could not purge the audit trail", err))
      .onComplete(done -> purging.set(false));
  }
}
