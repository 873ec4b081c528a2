package io.github.userservice.bench;

import java.nio.file.Path;

/**
 * Registration and lookup cost with 10k, 100k and 1M stored users. The rows are inserted while the service is
 * stopped, all with one precomputed Argon2id hash (the admin's), rather than registered through the API.
 */
final class StoreScale {

  private final Run run;

  StoreScale(Run run) {
    this.run = run;
  }

  void measure() {
    Service service = Service.start(run.workspace, new Service.Spec("scale", ShippedParameters.ARGON2));
    service.token("bench-admin");
    Path database = service.database();
    String hash = StoredRows.passwordHash(database, "bench-admin");
    if (hash == null) {
      throw new IllegalStateException("could not register the admin");
    }
    service.stop();
    long have = 0;
    Durations d = run.durations;
    for (int size : d.sizes()) {
      Bench.log("store scale: " + size + " users (inserting " + (size - have) + " rows)");
      StoredRows.seed(database, have, size, hash);
      have = size;
      service = service.restart();
      String token = service.token("bench-admin");
      run.results.meta("db_mb_" + size, database.toFile().length() / (1024 * 1024));
      run.clients.measure(service.port, service.pid(), "register", "section=scale-register", "label=" + size, "conc=1", "reps=1", "secs=3",
        "warmup=2"); // JIT warm-up
      run.client(service, "register", "section=scale-register", "label=" + size, "conc=1", "reps=" + d.reps(), "secs=" + d.scaleRegSecs(),
        "warmup=1");
      run.wrk.warmUp(service, d.getWarmup(), "/user/", "admin", token, "seed", String.valueOf(size));
      for (int rep = 1; rep <= d.reps(); rep++) {
        run.wrk.run("scale-lookup", String.valueOf(size), rep, service, d.getSecs(), "/user/", "admin", token, "seed", String.valueOf(size));
      }
      service.stop();
    }
  }
}
