package io.github.userservice.http;

import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /admin/import}: users as NDJSON, one {@code {"login","passwordHash","registeredAt"}} per line, the
 * export's format. The body is read as it arrives, a batch of lines at a time: while the store adds a batch (in one
 * transaction) the body waits, and while the client does not read the answer the body waits too, so an import of
 * any size holds one batch in memory. The answer streams back one line per input line, in order: {@code created},
 * {@code skipped} (the login exists) or {@code refused} with the reason, then a summary. Blank lines are passed over.
 * Should the store fail, the lines of that batch are {@code failed} (unknown: import the file again, existing logins
 * are skipped), and the import stops with {@code "complete": false}.
 */
final class UserImportRoute {

  static final String MEDIA_TYPE = "application/x-ndjson";
  /** A user is a few hundred bytes; a line past this is no user. */
  static final int MAX_LINE_BYTES = 16 * 1024;
  /** The longest login echoed back in a result: enough for any valid one. */
  private static final int MAX_ECHOED_LOGIN = 256;

  private static final Logger LOG = LoggerFactory.getLogger(UserImportRoute.class);

  private final UserStoreClient store;

  UserImportRoute(UserStoreClient store) {
    this.store = Objects.requireNonNull(store);
  }

  void handle(RoutingContext ctx) {
    AdminRoutes.requireAdmin(ctx);
    if (!JsonBodies.hasMediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), MEDIA_TYPE)) {
      throw new ProblemException(Problems.unsupportedMediaType(MEDIA_TYPE));
    }
    new Run(StreamedBody.take(ctx), ctx.response(), Origins.of(ctx)).start();
  }

  /** One line: the user it carries for the store, or already its result (the edge refused it); its login as given. */
  private static final class Entry {
    final long line;
    final String login;
    final JsonObject user;
    JsonObject result;

    Entry(long line, String login, JsonObject user, JsonObject result) {
      this.line = line;
      this.login = login;
      this.user = user;
      this.result = result;
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("line", line);
      if (login != null) {
        json.put("login", login);
      }
      return json.mergeIn(result);
    }
  }

  /** One import: the body's lines, in batches, to the store, and their results back to the client. */
  private final class Run implements NdjsonLines.Receiver {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final RequestOrigin origin;
    private final NdjsonLines lines = new NdjsonLines(MAX_LINE_BYTES, this);
    /** The lines read and not answered yet, in order: a batch's worth, and at most a chunk's lines more. */
    private final List<Entry> entries = new ArrayList<>();
    private long created;
    private long skipped;
    private long refused;
    private long failed;
    private boolean bodyEnded;
    private boolean storing;
    private boolean finished;

    Run(HttpServerRequest request, HttpServerResponse response, RequestOrigin origin) {
      this.origin = origin;
      this.request = request;
      this.response = response;
    }

    void start() {
      response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE);
      // the answer starts now: a long import is no slow request
      response.writeHead();
      request.handler(chunk -> {
        lines.feed(chunk);
        storeIfDue();
      });
      request.endHandler(end -> {
        lines.end();
        bodyEnded = true;
        storeIfDue();
      });
      request.exceptionHandler(err -> finish(false));
      response.closeHandler(closed -> finished = true);
      request.resume();
    }

    @Override
    public void line(long number, Buffer bytes) {
      if (bytes.length() == 0) {
        return;
      }
      try {
        JsonObject user = JsonObject.mapFrom(JsonBodies.parseObject(bytes.getBytes(), "line"));
        Object login = user.getValue("login");
        entries.add(new Entry(number, login instanceof String && ((String) login).length() <= MAX_ECHOED_LOGIN ? (String) login : null, user, null));
      } catch (ProblemException malformed) {
        entries.add(new Entry(number, null, null, refusal(malformed.problem().detail())));
      }
    }

    @Override
    public void tooLong(long number) {
      entries.add(new Entry(number, null, null, refusal("The line is longer than " + MAX_LINE_BYTES + " bytes.")));
    }

    /**
     * Sends the next batch (up to {@value UserAddresses#MAX_IMPORT_BATCH} users, with the refused lines among them)
     * once that many lines wait, or the body ended; the body waits meanwhile.
     */
    private void storeIfDue() {
      if (storing || finished || (entries.size() < UserAddresses.MAX_IMPORT_BATCH && !bodyEnded)) {
        return;
      }
      if (entries.isEmpty()) {
        finish(true);
        return;
      }
      storing = true;
      request.pause();
      List<Entry> batch = nextBatch();
      List<Entry> stored = batch.stream().filter(entry -> entry.user != null).toList();
      Future<List<JsonObject>> results = stored.isEmpty()
        ? Future.succeededFuture(List.of())
        : store.importUsers(origin, stored.stream().map(entry -> entry.user).toList());
      results.onSuccess(verdicts -> {
        for (int i = 0; i < stored.size(); i++) {
          stored.get(i).result = verdicts.get(i);
        }
        write(batch);
        storing = false;
        if (response.writeQueueFull()) {
          response.drainHandler(drained -> next());
        } else {
          next();
        }
      }).onFailure(err -> {
        LOG.warn("an import stopped: the user store did not take a batch of {} users", stored.size(), err);
        JsonObject unknown = new JsonObject().put("result", "failed")
          .put("reason", "The user store did not answer; whether this user was added is unknown. Import the file again: existing logins are skipped.");
        stored.forEach(entry -> entry.result = unknown);
        write(batch);
        finish(false);
      });
    }

    /** The oldest waiting lines, as many as hold {@value UserAddresses#MAX_IMPORT_BATCH} users. */
    private List<Entry> nextBatch() {
      int end = 0;
      int users = 0;
      while (end < entries.size() && (users < UserAddresses.MAX_IMPORT_BATCH || entries.get(end).user == null)) {
        if (entries.get(end).user != null) {
          users++;
        }
        end++;
      }
      List<Entry> batch = new ArrayList<>(entries.subList(0, end));
      entries.subList(0, end).clear();
      return batch;
    }

    /** Another batch when enough lines wait (or the body ended), else more of the body. */
    private void next() {
      if (bodyEnded || entries.size() >= UserAddresses.MAX_IMPORT_BATCH) {
        storeIfDue();
      } else if (!finished) {
        request.resume();
      }
    }

    private void write(List<Entry> batch) {
      Buffer out = Buffer.buffer();
      for (Entry entry : batch) {
        switch (entry.result.getString("result")) {
          case "created" -> created++;
          case "skipped" -> skipped++;
          case "refused" -> refused++;
          default -> failed++;
        }
        out.appendString(entry.toJson().encode()).appendByte((byte) '\n');
      }
      if (!finished) {
        response.write(out);
      }
    }

    /** The summary, then the end; an import that stopped early says so, and closes the connection on an unread body. */
    private void finish(boolean complete) {
      if (finished) {
        return;
      }
      finished = true;
      JsonObject summary = new JsonObject().put("lines", lines.lines()).put("created", created).put("skipped", skipped)
        .put("refused", refused).put("failed", failed).put("complete", complete);
      response.end(new JsonObject().put("summary", summary).encode() + "\n");
      if (!request.isEnded()) {
        request.connection().close();
      }
    }
  }

  private static JsonObject refusal(String reason) {
    return new JsonObject().put("result", "refused").put("reason", reason);
  }
}
