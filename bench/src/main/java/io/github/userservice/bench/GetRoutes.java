package io.github.userservice.bench;

import java.nio.file.Path;

/**
 * GET /user/{login} with a Bearer token beside the trivial route, 64 connections (wrk), alternating which goes first
 * repetition by repetition.
 */
final class GetRoutes {

  private final Run run;
  private final Service service;
  private final Path pool;

  GetRoutes(Run run, Service service, Path pool) {
    this.run = run;
    this.service = service;
    this.pool = pool;
  }

  void measure() {
    String live = "/health/live";
    if (service.client().get(live).send().await().statusCode() != 200) {
      live = "/.well-known/jwks.json";
      run.results.note("this build has no /health/live: the trivial route measured is GET /.well-known/jwks.json (in memory)");
    }
    run.results.meta("trivial_route", live);
    Bench.log("GET routes: access tokens for the pool, then Bearer lookups beside " + live);
    Path tokens = run.file("tokens.txt");
    run.client(service, "check", "section=tokens", "users=" + pool, "tokens=" + tokens, "conc=4");
    Durations d = run.durations;
    run.wrk.warmUp(service, d.getWarmup(), live, "plain");
    run.wrk.warmUp(service, d.getWarmup(), "/user/", "tokens", tokens.toString());
    for (int rep = 1; rep <= d.reps(); rep++) {
      if (rep % 2 == 1) {
        run.wrk.run("get", "trivial", rep, service, d.getSecs(), live, "plain");
        run.wrk.run("get", "bearer", rep, service, d.getSecs(), "/user/", "tokens", tokens.toString());
      } else {
        run.wrk.run("get", "bearer", rep, service, d.getSecs(), "/user/", "tokens", tokens.toString());
        run.wrk.run("get", "trivial", rep, service, d.getSecs(), live, "plain");
      }
    }
  }
}
