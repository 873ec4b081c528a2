package io.github.userservice.ops;

import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * What operators and orchestrators ask: {@code /health/live} (the process answers HTTP), {@code /health/ready}
 * (a worker answers on the event bus and the SQLite store answers a trivial query, each within a timeout;
 * {@code /health} is its alias) and {@code /metrics}. Not ready is 503, a problem document naming the failing
 * checks. Served on the HTTPS port, or on the management port when one is configured.
 */
public final class OperationsRoutes {

  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final HealthChecks readiness;
  private final ServiceMetrics metrics;

  public OperationsRoutes(Vertx vertx, UserStoreClient store, ServiceMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics);
    this.readiness = HealthChecks.create(vertx)
      .register("worker", CHECK_TIMEOUT_MS, promise -> store.ping(CHECK_TIMEOUT_MS, false)
        .onSuccess(v -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO())))
      .register("database", CHECK_TIMEOUT_MS, promise -> store.ping(CHECK_TIMEOUT_MS, true)
        .onSuccess(v -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO())));
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/health").handler(this::ready);
    router.get("/metrics").handler(metrics.scraping());
  }

  private void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    readiness.checkStatus().onComplete(result -> {
      if (result.succeeded() && result.result().getUp()) {
        ctx.json(new JsonObject().put("status", "UP"));
      } else {
        JsonArray failing = result.succeeded() ? failingChecks(result.result()) : new JsonArray();
        ctx.fail(new ProblemException(Problems.unavailable("Not ready: " + (failing.isEmpty() ? "the checks failed" : failing.encode()) + ".")
          .withExtension("checks", failing)));
      }
    });
  }

  private static JsonArray failingChecks(CheckResult result) {
    return new JsonArray(result.getChecks().stream().filter(check -> !check.getUp()).map(CheckResult::getId).sorted().toList());
  }
}
