package io.github.userservice.bench;

import io.vertx.core.json.JsonObject;

/**
 * Seconds from starting the service to the first 200 from its readiness route, on an empty folder (it makes its
 * certificate, keys and database: "first") and on the same folder again ("restart"), for each {@link Launch}; resident
 * memory 5 s later, idle.
 */
final class ColdStart {

  private final Run run;

  ColdStart(Run run) {
    this.run = run;
  }

  void measure() {
    for (Launch launch : Launch.available()) {
      Service.Spec spec = new Service.Spec("cold", ShippedParameters.ARGON2).launchedBy(launch);
      // one start first, not measured: ./run.sh records its class archive at the first start after a build (per JDK)
      Service.start(run.workspace, spec).stop();
      for (int rep = 1; rep <= run.durations.coldReps(); rep++) {
        Service first = Service.start(run.workspace, spec);
        record(launch, "first", rep, first);
        Service restart = first.restart();
        record(launch, "restart", rep, restart);
        restart.stop();
      }
    }
  }

  private void record(Launch launch, String kind, int rep, Service service) {
    Service.sleep(5000);
    run.results.add(new JsonObject().put("section", "cold").put("launch", launch.label).put("kind", kind).put("rep", rep)
      .put("secs", Math.round(service.readySecs * 1000) / 1000.0).put("idleRssMB", Math.round(service.rssMB() * 10) / 10.0));
    Bench.log(String.format(java.util.Locale.ROOT, "cold start (%s, %s): %.2f s", launch.label, kind, service.readySecs));
  }
}
