package io.github.userservice.support;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.github.userservice.support.TestService.credentials;

/**
 * What clients and probes saw while a link was cut and healed: requests sent without pause through an edge by a few
 * clients (each one answered, or given up after {@value #CLIENT_TIMEOUT_MS} ms, as a client does when no reset
 * comes: longer than the edge's own 10 s deadline), and each node's readiness asked from inside its own namespace every second. Times are milliseconds since
 * the timeline started.
 */
public final class SplitTimeline implements AutoCloseable {

  /** A client's own deadline: 0 stands for a request it gave up. */
  public static final int CLIENT_TIMEOUT_MS = 12_000;

  /** A request: when it was sent, when it ended, to where, for whom, with which status (0: given up). */
  public record Request(long sent, long done, String path, String login, int status) {

    public boolean succeeded() {
      return path.equals("/user/") ? status == 201 : status == 200;
    }
  }

  /**
   * A readiness probe of a node: when, its status (0: no answer), the failing checks it named, and how long it took
   * from the start of the probe (the program started in the namespace included) to its answer or the give-up.
   */
  public record Probe(long at, String node, int status, String checks, long took) {

    @Override
    public String toString() {
      return at + ":" + status + (status == 200 ? "" : checks) + "/" + took + "ms";
    }
  }

  private final long start = System.currentTimeMillis();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Request> requests = new ArrayList<>();
  private final List<Probe> probes = new ArrayList<>();
  private final AtomicInteger registrations = new AtomicInteger();
  private final List<Thread> probers = new ArrayList<>();
  private final List<Future<Void>> clients = new ArrayList<>();

  private SplitTimeline() {
  }

  /**
   * Starts {@code logins} clients logging {@code login} in and {@code registering} clients registering new users
   * ({@code prefix-N@example.com}) through the edge, and a prober of each node's readiness.
   */
  public static SplitTimeline start(Edge edge, String login, String password, int logins, int registering, String prefix,
                                    NetworkNamespaces network, Map<String, ClusterNode> nodes) {
    SplitTimeline timeline = new SplitTimeline();
    for (int i = 0; i < logins; i++) {
      timeline.clients.add(timeline.loop(edge, "/login", n -> login, password));
    }
    for (int i = 0; i < registering; i++) {
      timeline.clients.add(timeline.loop(edge, "/user/", n -> prefix + "-" + timeline.registrations.incrementAndGet() + "@example.com", password));
    }
    for (Map.Entry<String, ClusterNode> node : nodes.entrySet()) {
      Thread prober = new Thread(() -> {
        while (timeline.running.get()) {
          long at = timeline.now();
          NetworkNamespaces.Answer answer = network.get(node.getKey(), node.getValue().readinessUrl(), 2);
          String checks = answer.body().replaceAll("(?s).*\"checks\":(\\[[^]]*]).*", "$1");
          synchronized (timeline.probes) {
            timeline.probes.add(new Probe(at, node.getKey(), answer.status(), answer.status() == 200 || checks.startsWith("[") ? checks : "",
              timeline.now() - at));
          }
          sleep(Math.max(0, 1_000 - (timeline.now() - at)));
        }
      }, "probe-" + node.getKey());
      prober.start();
      timeline.probers.add(prober);
    }
    return timeline;
  }

  public long now() {
    return System.currentTimeMillis() - start;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<Probe> probes(String node) {
    synchronized (probes) {
      return probes.stream().filter(probe -> probe.node().equals(node)).toList();
    }
  }

  /** The time the last failed request was sent, or -1 when none failed. */
  public long lastFailure() {
    return requests().stream().filter(request -> !request.succeeded()).mapToLong(Request::sent).max().orElse(-1);
  }

  /** The first probe of {@code node} from {@code from} on with this status, or -1. */
  public long first(String node, int status, long from) {
    return probes(node).stream().filter(probe -> probe.at() >= from && probe.status() == status).mapToLong(Probe::at).min().orElse(-1);
  }

  /** The probes of {@code node} between the two times whose status was not 200, for a message. */
  public List<Probe> unready(String node, long from, long to) {
    return probes(node).stream().filter(probe -> probe.at() >= from && probe.at() <= to && probe.status() != 200).toList();
  }

  /** Statuses by path, e.g. {@code /login=[200, 503]}, for a message. */
  public String statuses() {
    return requests().stream().collect(Collectors.groupingBy(Request::path, Collectors.mapping(Request::status, Collectors.toSet()))).toString();
  }

  /** Stops sending and probing, and waits for the requests in flight. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread prober : probers) {
      prober.join();
    }
    Future.join(clients).await();
  }

  private Future<Void> loop(Edge edge, String path, Function<Integer, String> login, String password) {
    if (!running.get()) {
      return Future.succeededFuture();
    }
    String who = login.apply(0);
    long sent = now();
    return edge.client().post(path).putHeader("Content-Type", "application/json").timeout(CLIENT_TIMEOUT_MS)
      .sendBuffer(Buffer.buffer(credentials(who, password)))
      .map(HttpResponse::statusCode)
      .otherwise(0)
      .compose(status -> {
        synchronized (requests) {
          requests.add(new Request(sent, now(), path, who, status));
        }
        return loop(edge, path, login, password);
      });
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
