package io.github.userservice.store;

import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.PageRequest;
import io.github.userservice.bus.UserAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * One export in progress: a read-only snapshot on a connection of its own, so that every page shows the users as they
 * were when the export began, whatever is registered or deleted meanwhile. The edge streaming it asks for one page
 * at a time at an address of this session's own, when its client has taken the previous one: that is the
 * back-pressure, and no more than a page is ever held. Closed when the edge says so, or after a minute without a
 * request (the edge went away).
 */
final class ExportSession {

  private static final Logger LOG = LoggerFactory.getLogger(ExportSession.class);
  private static final long IDLE_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Pool pool;
  private final SqlConnection snapshot;
  private final UserRepository users;
  private final Runnable onClose;
  private final String address = UserAddresses.EXPORT + "." + UUID.randomUUID();
  private MessageConsumer<JsonObject> consumer;
  private long idleTimer;
  private boolean closed;

  private ExportSession(Vertx vertx, Pool pool, SqlConnection snapshot, UserRepository users, Runnable onClose) {
    this.vertx = vertx;
    this.pool = pool;
    this.snapshot = snapshot;
    this.users = users;
    this.onClose = onClose;
  }

  /** Opens the snapshot and listens at the session's address, which it answers. Blocking (SQLite opens a file). */
  static Future<String> open(Vertx vertx, Dialect dialect, UserRepository users, Runnable onClose) {
    Pool pool = dialect.open(vertx);
    return pool.getConnection()
      .compose(connection -> connection.query(dialect.beginSnapshot()).execute()
        .map(begun -> new ExportSession(vertx, pool, connection, users, onClose))
        .onFailure(err -> connection.close()))
      .onFailure(err -> {
        pool.close();
        onClose.run();
      })
      .compose(ExportSession::listen);
  }

  private Future<String> listen() {
    consumer = vertx.eventBus().consumer(address, this::answer);
    idleTimer = vertx.setTimer(IDLE_TIMEOUT_MS, idle -> close());
    return consumer.completion().map(address);
  }

  /** {@code {"after","limit"}} → {@code {"users":[{"login","passwordHash","registeredAt"}...],"more"}}; {@code {"close":true}} ends it. */
  private void answer(Message<JsonObject> request) {
    vertx.cancelTimer(idleTimer);
    JsonObject body = request.body();
    if (body.getValue("close") == Boolean.TRUE) {
      close().onComplete(done -> request.reply(new JsonObject().put("closed", true)));
      return;
    }
    idleTimer = vertx.setTimer(IDLE_TIMEOUT_MS, idle -> close());
    PageRequest wanted;
    try {
      wanted = PageRequest.fromJson(body);
    } catch (IllegalArgumentException malformed) {
      request.fail(BusFailure.INVALID_REQUEST.code(), BusFailure.INVALID_REQUEST.message());
      return;
    }
    int size = wanted.limit();
    users.exportPage(snapshot, wanted.after(), size + 1).onSuccess(page -> request.reply(new JsonObject()
        .put("users", new JsonArray(page.stream().limit(size).map(ExportSession::line).toList()))
        .put("more", page.size() > size)))
      .onFailure(err -> {
        LOG.error("an export could not read its next page", err);
        request.fail(BusFailure.STORAGE_ERROR.code(), BusFailure.STORAGE_ERROR.message());
        close();
      });
  }

  private Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    vertx.cancelTimer(idleTimer);
    onClose.run();
    return consumer.unregister()
      .eventually(() -> snapshot.query("ROLLBACK").execute())
      .eventually(snapshot::close)
      .eventually(pool::close)
      .recover(err -> Future.succeededFuture());
  }

  /** A user as the export's NDJSON line shows it, the same shape the import reads. */
  private static JsonObject line(StoredUser user) {
    return new JsonObject()
      .put("login", user.login())
      .put("passwordHash", user.passwordHash())
      .put("registeredAt", user.record().account().registeredAt().toString());
  }
}
