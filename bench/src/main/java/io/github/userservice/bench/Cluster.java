package io.github.userservice.bench;

import io.github.userservice.support.ClusterNode;
import io.github.userservice.support.FreePorts;
import io.github.userservice.support.ProcStat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The service scaled out on loopback, nodes of the built jar with {@code -cluster} started through the tests'
 * {@link ClusterNode} with the service's JVM options: hashers added node by node (scaling), the cost of the hops, and
 * a hasher killed under load.
 */
final class Cluster {

  /** Heavy hashes, and a queue budget the 8 clients fit in with one hasher thread: the scaling shows hashing capacity, not shedding. */
  private static final Map<String, String> HEAVY = Map.of("USER_SERVICE_ARGON2_MEMORY_KIB", "131072", "USER_SERVICE_ARGON2_ITERATIONS", "3",
    "USER_SERVICE_WORKER_MAX_QUEUE_WAIT_MS", "5000");

  private final Run run;
  private final Path certs;
  private final List<String> jvmOptions;
  private final List<ClusterNode> nodes = new ArrayList<>();
  private String clusterName;
  private Map<String, Integer> hazelcastPorts;
  private String members;

  Cluster(Run run) {
    this.run = run;
    this.certs = run.workspace.dir("cluster/certs");
    List<String> options = new ArrayList<>(JvmOptions.ofService(run.workspace.repo));
    options.add("-Xmx512m");
    this.jvmOptions = List.copyOf(options);
  }

  void measure() {
    Bench.log("cluster: certificates and nodes");
    ClusterNode.certificates(certs, "front", "edge", "store", "hasher-1", "hasher-2");
    Path pool = run.file("cluster-pool.txt");
    Durations d = run.durations;

    // 1. scaling: heavy Argon2 (hashing is nearly all the work), an edge-and-store node, then one and two hashers
    // pinned to one core each; beside them the single node on both cores, same parameters
    Bench.log("cluster: scaling with m=131072, t=3: one pinned hasher, then two");
    newCluster("scaling", "front", "hasher-1", "hasher-2");
    ClusterNode hasher1 = node("hasher-1", "hasher", "0", HEAVY);
    ClusterNode front = node("front", "edge,store", "0,1", HEAVY);
    run.clients.run(front.httpsPort(), front.process().pid(), "setup", "users=" + pool, "count=8", "prefix=cluster", "conc=4");
    run.warmup.fixed(front.httpsPort(), front.process().pid(), pool, 4); // every JVM's Argon2 takes seconds before C2 compiled it
    window("scaling-1-hasher", front.httpsPort(), pool, 8, front, hasher1);
    ClusterNode hasher2 = node("hasher-2", "hasher", "1", HEAVY);
    run.warmup.fixed(front.httpsPort(), front.process().pid(), pool, 4);
    window("scaling-2-hashers", front.httpsPort(), pool, 8, front, hasher1, hasher2);
    stopNodes();
    Service single = Service.start(run.workspace, new Service.Spec("cluster-single", Service.argon2(131072, 3, 1)).tuned("-Xmx512m", 5000));
    run.client(single, "setup", "users=" + pool, "count=8", "prefix=single", "conc=4");
    run.warmup.fixed(single.port, single.pid(), pool, 4);
    window("scaling-single-node", single.port, pool, 8, single.pid());
    single.stop();

    // 2. the hops' cost: shipped parameters, edge, store and hasher each a JVM, against the single node
    Bench.log("cluster: CPU per login, three nodes against one");
    newCluster("hops", "edge", "store", "hasher-1", "hasher-2");
    hasher1 = node("hasher-1", "hasher", "0,1", Map.of());
    ClusterNode store = node("store", "store", "0,1", Map.of());
    ClusterNode edge = node("edge", "edge", "0,1", Map.of());
    run.clients.run(edge.httpsPort(), edge.process().pid(), "setup", "users=" + pool, "count=16", "prefix=hop", "conc=4");
    run.warmup.fixed(edge.httpsPort(), edge.process().pid(), pool, 2);
    window("hop-cluster", edge.httpsPort(), pool, 16, edge, store, hasher1);

    // 3. kill -9 of a hasher under load: logins second by second around it
    Bench.log("cluster: kill -9 of a hasher under load");
    ClusterNode doomed = node("hasher-2", "hasher", "0,1", Map.of());
    Thread killer = new Thread(() -> {
      try {
        Thread.sleep(10_000);
        doomed.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "hasher-killer");
    killer.start();
    run.clients.run(edge.httpsPort(), 0, "timeline", "section=cluster-kill", "users=" + pool, "conc=8", "secs=40");
    stopNodes();

    Service hopSingle = Service.start(run.workspace, new Service.Spec("cluster-hop", ShippedParameters.ARGON2));
    run.client(hopSingle, "setup", "users=" + pool, "count=16", "prefix=hopsingle", "conc=4");
    run.warmup.fixed(hopSingle.port, hopSingle.pid(), pool, 2);
    window("hop-single-node", hopSingle.port, pool, 16, hopSingle.pid());
    hopSingle.stop();
  }

  /** A cluster of its own (name, Hazelcast ports, member list) for the nodes started next. */
  private void newCluster(String name, String... names) {
    clusterName = "bench-" + ProcessHandle.current().pid() + "-" + name;
    hazelcastPorts = new HashMap<>();
    for (String node : names) {
      hazelcastPorts.put(node, FreePorts.next());
    }
    members = java.util.Arrays.stream(names).map(node -> "127.0.0.1:" + hazelcastPorts.get(node)).collect(Collectors.joining(","));
  }

  /** A node pinned to {@code cpus} (taskset), its settings as overrides, ready. */
  private ClusterNode node(String name, String roles, String cpus, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("USER_SERVICE_CLUSTER_NAME", clusterName);
    environment.put("USER_SERVICE_THROTTLE_ACCOUNT_BACKOFF_AFTER_FAILURES", "1000");
    environment.put("USER_SERVICE_THROTTLE_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "0"); // the pools come from one address
    ClusterNode node = run.workspace.register(ClusterNode.start(run.workspace.vertx, run.workspace.work.resolve("cluster"), certs, name, roles,
      ClusterNode.Host.LOOPBACK, hazelcastPorts.get(name), members, environment, List.of("taskset", "-c", cpus), jvmOptions));
    nodes.add(node);
    try {
      node.awaitReady(Duration.ofSeconds(120));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return node;
  }

  private void stopNodes() {
    for (ClusterNode node : nodes) {
      try {
        node.process().terminate();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      run.workspace.closed(node);
    }
    nodes.clear();
  }

  private void window(String label, int port, Path pool, int conc, ClusterNode... nodes) {
    window(label, port, pool, conc, java.util.Arrays.stream(nodes).mapToLong(node -> node.process().pid()).toArray());
  }

  /**
   * One login window against the edge at {@code port}: the logins/s the client measured and the CPU-ms per login of all
   * the given processes together, and of each.
   */
  private void window(String label, int port, Path pool, int conc, long... pids) {
    long[] before = java.util.Arrays.stream(pids).map(ProcStat::cpuTicks).toArray();
    JsonObject line = run.clients.measure(port, pids[0], "login", "users=" + pool, "conc=" + conc, "reps=1", "secs=" + run.durations.clusterSecs(),
      "warmup=" + run.durations.windowWarmup()).get(0);
    JsonArray byNode = new JsonArray();
    long total = 0;
    for (int i = 0; i < pids.length; i++) {
      long spent = ProcStat.cpuTicks(pids[i]) - before[i];
      total += spent;
      byNode.add(Math.round(ProcStat.ticksToMs(spent)));
    }
    long ok = line.getLong("ok");
    run.results.add(new JsonObject().put("section", "cluster").put("label", label).put("nodes", pids.length)
      .put("okPerSec", line.getDouble("okPerSec")).put("statuses", line.getJsonObject("statuses"))
      .put("cpuMsPerLogin", ok > 0 ? Math.round(ProcStat.ticksToMs(total) / ok * 100) / 100.0 : 0).put("cpuMsByNode", byNode));
  }
}
