package io.github.userservice.bench;

import io.github.userservice.bench.ceiling.Ceiling;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * The service with the shipped Argon2 parameters: ceiling and logins interleaved, registrations, wrong
 * password and unknown login side by side, the GET routes, overload, and the check that nobody was lost.
 */
final class ShippedParameters {

  static final JsonObject ARGON2 = Service.argon2(19456, 2, 1);
  static final Ceiling.Parameters CEILING = new Ceiling.Parameters("default", 19456, 2, 1);

  private final Run run;
  private final Durations d;

  ShippedParameters(Run run) {
    this.run = run;
    this.d = run.durations;
  }

  void measure() {
    Path pool = run.file("pool.txt");
    Path registered = run.file("registered.txt");
    Service service = Service.start(run.workspace, new Service.Spec("main", ARGON2));
    run.client(service, "setup", "users=" + pool, "count=" + Run.POOL_USERS, "prefix=pool", "conc=4");
    run.warmup.untilCompiled(service, pool);
    if (run.options.wants("login")) {
      for (int rep = 1; rep <= d.reps(); rep++) {
        Bench.log("ceiling and logins, repetition " + rep + "/" + d.reps());
        if (rep > 1) { // fresh processes, the ceiling's and the service's: Argon2's speed differs from process to process
          service = service.restart();
          run.warmup.untilCompiled(service, pool);
        }
        run.ceiling(CEILING, rep);
        run.client(service, "login", "users=" + pool, "conc=" + Run.CONCURRENCIES, "reps=1", "rep=" + rep, "secs=" + d.secs(),
          "warmup=" + d.windowWarmup());
      }
    }
    if (run.options.wants("register")) {
      Bench.log("registrations");
      run.client(service, "register", "registered=" + registered, "conc=" + Run.CONCURRENCIES, "reps=" + d.reps(), "secs=" + d.secs(),
        "warmup=" + d.windowWarmup());
    }
    if (run.options.wants("mixed")) {
      Bench.log("right password, wrong password and unknown login side by side");
      run.client(service, "mixed", "users=" + pool, "conc=1,4", "reps=" + d.reps(), "secs=" + d.secs(), "warmup=" + d.windowWarmup());
    }
    if (run.options.wants("get")) {
      new GetRoutes(run, service, pool).measure();
    }
    if (run.options.wants("overload")) {
      new Overload(run, service, pool, registered).measure();
    }
    run.results.meta("rss_after_load_mb", Math.round(service.rssMB()));
    run.results.meta("hwm_mb", Math.round(service.hwmMB()));
    service.stop();
  }
}
