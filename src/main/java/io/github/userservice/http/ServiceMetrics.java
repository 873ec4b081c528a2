package io.github.userservice.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of what the API decided: {@code logins{outcome}} (ok, bad_credentials, throttled, shed, error) and
 * {@code registrations{outcome}} (created, taken, weak, shed, error). Exported as Prometheus text by issue #6's
 * /metrics; meanwhile they are what tests read to see that a refusal happened where it should.
 */
public final class ServiceMetrics {

  private final MeterRegistry registry;

  public ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void login(String outcome) {
    counter("logins", outcome).increment();
  }

  void registration(String outcome) {
    counter("registrations", outcome).increment();
  }

  private Counter counter(String name, String outcome) {
    return Counter.builder(name).tag("outcome", outcome).register(registry);
  }
}
