package io.github.userservice.bench;

import io.github.userservice.support.PostgresServer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * Bursts as a new user meets them: on a service started seconds before (a cold JVM, the shipped configuration), after
 * a short sequence of ordinary requests, 50 parallel registrations of distinct logins, 20 of one login, then 200 of
 * distinct logins. Started as plain {@code java -jar} and by {@code ./run.sh} on SQLite, and as plain {@code java -jar}
 * on PostgreSQL. Every registration of a burst whose work fits the burst budget ({@code worker.burstQueueWaitMs}) must
 * be answered 201 (409 for the taken login), none 503.
 */
final class Bursts {

  private final Run run;

  Bursts(Run run) {
    this.run = run;
  }

  void measure() {
    burstsOn(Launch.PLAIN_JAR, "sqlite", null);
    burstsOn(Launch.RUN_SH, "sqlite", null);
    PostgresServer postgres = run.workspace.register(PostgresServer.start());
    try {
      burstsOn(Launch.PLAIN_JAR, "postgres", postgres);
    } finally {
      postgres.close();
      run.workspace.closed(postgres);
    }
  }

  private void burstsOn(Launch launch, String db, PostgresServer postgres) {
    String label = launch.label + ", " + db;
    Bench.log("bursts on a service started seconds before: " + label);
    String name = "burst_" + launch.name().toLowerCase() + "_" + db;
    Service.Spec spec = new Service.Spec(name, ShippedParameters.ARGON2).launchedBy(launch);
    if (postgres != null) {
      spec = spec.on(new JsonObject().put("url", postgres.createDatabase())
        .put("passwordFile", postgres.passwordFile(run.workspace.dir(name + "-secrets")).toString()));
    }
    Service service = Service.start(run.workspace, spec);
    Path ordinary = run.file(name + "-ordinary.txt");
    run.clients.measure(service.port, service.pid(), "setup", "users=" + ordinary, "count=5", "prefix=ordinary", "conc=1");
    run.client(service, "burst", "count=50", "login=distinct", "label=" + label);
    run.client(service, "burst", "count=20", "login=same", "label=" + label);
    run.client(service, "burst", "count=200", "login=distinct", "label=" + label);
    service.stop();
  }
}
