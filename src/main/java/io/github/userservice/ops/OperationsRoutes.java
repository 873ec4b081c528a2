package io.github.userservice.ops;

import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/**
 * What operators and orchestrators ask: {@code /health/live} (the process answers HTTP), {@code /health/ready}
 * (the node's {@link Readiness} checks, with the data some give, such as the hasher's Argon2id engine, under
 * {@code details}; {@code /health} is its alias) and {@code /metrics}. Not ready is 503, a
 * problem document naming the failing checks. Served on the HTTPS port, or on the management port when one is
 * configured.
 */
public final class OperationsRoutes {

  private final HealthChecks readiness;
  private final ServiceMetrics metrics;

  public OperationsRoutes(HealthChecks readiness, ServiceMetrics metrics) {
    this.readiness = Objects.requireNonNull(readiness);
    this.metrics = Objects.requireNonNull(metrics);
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
        JsonObject details = details(result.result());
        ctx.json(details.isEmpty() ? new JsonObject().put("status", "UP") : new JsonObject().put("status", "UP").put("details", details));
      } else {
        JsonArray failing = result.succeeded() ? failingChecks(result.result()) : new JsonArray();
        ctx.fail(new ProblemException(Problems.unavailable("Not ready: " + (failing.isEmpty() ? "the checks failed" : failing.encode()) + ".")
          .withExtension("checks", failing)));
      }
    });
  }

  /** What the checks that have data tell, by check: {@code {"hasher": {"engine": "native"}}}. */
  private static JsonObject details(CheckResult result) {
    JsonObject details = new JsonObject();
    result.getChecks().stream().filter(check -> check.getData() != null && !check.getData().isEmpty())
      .forEach(check -> details.put(check.getId(), check.getData()));
    return details;
  }

  private static JsonArray failingChecks(CheckResult result) {
    return new JsonArray(result.getChecks().stream().filter(check -> !check.getUp()).map(CheckResult::getId).sorted().toList());
  }
}
