package io.github.userservice.bench;

import io.github.userservice.support.ProcStat;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logins at 16 clients, in 10-s slices, until the service's JIT compilers have done their work: at least
 * {@code serviceWarmup} seconds, then until a slice in which they took under 1 % of the service's CPU (at most
 * {@code serviceWarmupMax}). At 60 logins/s the request path takes the JIT one to two minutes under full load, during
 * which the compilers take 5-7 % of the CPU: without this the service would be measured while still starting, not as
 * it runs for hours. Writes a "jit-warmup" line: how long, and the compilers' share in the last slice.
 */
final class Warmup {

  private final Clients clients;
  private final Results results;
  private final Durations durations;

  Warmup(Clients clients, Results results, Durations durations) {
    this.clients = clients;
    this.results = results;
    this.durations = durations;
  }

  void untilCompiled(Service service, Path pool) {
    untilCompiled(service.port, service.pid(), pool);
  }

  /** The same for any server on loopback, e.g. Keycloak: {@code api} names its load client's API arguments. */
  void untilCompiled(int port, long pid, Path pool, String... api) {
    Bench.log("warming the service up: logins until its JIT compilers are done (" + durations.serviceWarmup() + "-"
      + durations.serviceWarmupMax() + " s)");
    int secs = 0;
    double share = 1;
    while (secs < durations.serviceWarmupMax()) {
      long jit0 = ProcStat.jitTicks(pid);
      long cpu0 = ProcStat.cpuTicks(pid);
      List<String> args = new ArrayList<>(List.of("section=warmup", "users=" + pool, "conc=16", "reps=1", "secs=10", "warmup=0"));
      args.addAll(List.of(api));
      clients.measure(port, pid, "login", args.toArray(String[]::new));
      long cpu = ProcStat.cpuTicks(pid) - cpu0;
      share = cpu > 0 ? (double) (ProcStat.jitTicks(pid) - jit0) / cpu : 1;
      secs += 10;
      if (secs >= durations.serviceWarmup() && share < 0.01) {
        break;
      }
    }
    results.add(new JsonObject().put("section", "jit-warmup").put("secs", secs).put("jitShare", Math.round(share * 10000) / 10000.0));
  }

  /** A fixed warm-up at low load: the cluster and PostgreSQL sections compare processes warmed up alike. */
  void fixed(int port, long pid, Path pool, int conc) {
    clients.measure(port, pid, "login", "section=warmup", "users=" + pool, "conc=" + conc, "reps=1",
      "secs=" + durations.fixedWarmup(), "warmup=1");
  }
}
