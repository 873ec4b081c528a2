package io.github.userservice.http;

import io.github.userservice.bus.UserStoreClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/** {@code GET /health}: 200 {@code {"status":"UP"}} once a worker answered and ran a query, else 503. */
final class HealthRoute {

  private static final long PING_TIMEOUT_MS = 2_000;

  private final UserStoreClient store;

  HealthRoute(UserStoreClient store) {
    this.store = Objects.requireNonNull(store);
  }

  void check(RoutingContext ctx) {
    store.ping(PING_TIMEOUT_MS)
      .onSuccess(v -> ctx.json(new JsonObject().put("status", "UP")))
      .onFailure(err -> ctx.fail(new ProblemException(Problems.unavailable("The user store does not answer."))));
  }
}
