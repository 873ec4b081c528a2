package io.github.userservice.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.Objects;

/**
 * The service's meters in one Prometheus registry, which Vert.x also fills (HTTP server, event bus, pools, JVM):
 * counters of what the API decided, {@code logins{outcome}} (ok, bad_credentials, throttled, shed, error) and
 * {@code registrations{outcome}} (created, taken, weak, throttled, shed, error), and the text exposition for {@code /metrics}.
 */
public final class ServiceMetrics {

  private final PrometheusMeterRegistry registry;

  public ServiceMetrics(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
  }

  public void login(String outcome) {
    counter("logins", outcome).increment();
  }

  public void registration(String outcome) {
    counter("registrations", outcome).increment();
  }

  /** {@code GET /metrics}: the Prometheus text format. */
  Handler<RoutingContext> scraping() {
    return PrometheusScrapingHandler.create(registry);
  }

  private Counter counter(String name, String outcome) {
    return Counter.builder(name).description("API outcomes").tag("outcome", outcome).register(registry);
  }
}
