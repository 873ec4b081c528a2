package io.github.userservice.bench;

import io.github.userservice.bench.ceiling.Ceiling;

import java.nio.file.Path;

/** What every section of a run shares: where it runs, what it writes, how long it measures, and its tools. */
final class Run {

  static final int POOL_USERS = 64;
  static final String CONCURRENCIES = "1,4,16,64";
  static final int OVERLOAD_CLIENTS = 256;

  final Options options;
  final Durations durations;
  final Workspace workspace;
  final Results results;
  final Clients clients;
  final Wrk wrk;
  final Warmup warmup;
  final Ceiling ceiling;
  final int cores = Runtime.getRuntime().availableProcessors();

  Run(Options options, Durations durations, Workspace workspace, Results results) {
    this.options = options;
    this.durations = durations;
    this.workspace = workspace;
    this.results = results;
    this.clients = new Clients(workspace, results, workspace.out.resolve("client.log"));
    this.wrk = new Wrk(workspace.bench, results);
    this.warmup = new Warmup(clients, results, durations);
    this.ceiling = new Ceiling(JvmOptions.ofService(workspace.repo), durations.ceilingWarmup(), durations.ceilingSecs(),
      workspace.out.resolve("ceiling.log"));
  }

  Path file(String name) {
    return workspace.work.resolve(name);
  }

  /** The load client against a service, which it measures. */
  java.util.List<io.vertx.core.json.JsonObject> client(Service service, String mode, String... args) {
    return clients.run(service.port, service.pid(), mode, args);
  }

  /** One repetition of the hash ceiling, its lines kept. */
  void ceiling(Ceiling.Parameters parameters, int rep) {
    Bench.log("hash ceiling " + parameters.text() + ", repetition " + rep + " (JMH, a fork per case)");
    results.addAll(ceiling.repetition(parameters, rep));
  }
}
