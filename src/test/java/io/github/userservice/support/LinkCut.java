package io.github.userservice.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One node's link cut for a while and healed, under load through an edge ({@link SplitTimeline}), and what must
 * hold afterwards: recovery within a bound of the heal, healthy nodes ready throughout, the cut node unready while cut
 * off and ready again. Times are milliseconds since the timeline started.
 */
public record LinkCut(String node, SplitTimeline timeline, long cut, long healed, Duration bound) {

  private static final Duration START = Duration.ofSeconds(180);
  /**
   * How much longer than asked a link stays cut while the node has not yet said it is not ready. A hasher learns it is
   * alone only from Hazelcast's failure detection, +9 s after the cut as a rule, but once +14 s under the whole suite's
   * load: a heal before it noticed would test nothing.
   */
  private static final Duration UNNOTICED = Duration.ofSeconds(15);

  /**
   * Waits until every node is ready, starts the load, cuts {@code node}'s link 3 s later for {@code length} (longer,
   * by at most {@link #UNNOTICED}, until the node has said it is not ready), heals it, and returns once the node is ready again and no request failed for 5 s (or {@code bound} and 5 s passed).
   */
  public static LinkCut run(NetworkNamespaces network, Map<String, ClusterNode> nodes, String node, Duration length, Duration bound,
                            Edge edge, String login, String password, int registering) throws Exception {
    for (ClusterNode each : nodes.values()) {
      each.awaitReady(START);
    }
    SplitTimeline timeline = SplitTimeline.start(edge, login, password, 4, registering, node + "-split", network, nodes);
    long cut;
    long healed;
    try {
      Thread.sleep(3_000);
      cut = timeline.now();
      network.cut(node);
      Thread.sleep(length.toMillis());
      long noticeBy = timeline.now() + UNNOTICED.toMillis();
      while (timeline.first(node, 503, cut) < 0 && timeline.now() < noticeBy) {
        Thread.sleep(250);
      }
      healed = timeline.now();
      network.heal(node);
      long deadline = healed + bound.toMillis() + 5_000;
      while (timeline.now() < deadline && !(timeline.first(node, 200, healed) > 0 && timeline.lastFailure() < timeline.now() - 5_000)) {
        Thread.sleep(500);
      }
      Thread.sleep(2_000);
    } finally {
      network.heal(node);
      timeline.close();
    }
    LinkCut split = new LinkCut(node, timeline, cut, healed, bound);
    System.out.println(split.report());
    // every node's probes, with their durations: a healthy node's slow answers show before any of them fails
    nodes.keySet().forEach(each -> System.out.println(each + " probes " + timeline.probes(each)));
    return split;
  }

  /** No request sent later than the bound after the heal failed, and none was a 500. */
  public void assertRecovered() {
    long last = timeline.lastFailure();
    assertTrue(last < healed + bound.toMillis(), () -> report() + "\n" + failures());
    assertTrue(timeline.requests().stream().noneMatch(request -> request.status() == 500), timeline::statuses);
  }

  public void assertStayedReady(String... healthy) {
    for (String other : healthy) {
      List<SplitTimeline.Probe> unready = timeline.unready(other, 0, timeline.now());
      assertTrue(unready.isEmpty(), () -> other + " was not ready while " + node + " was cut off: " + unready + "; all its probes "
        + timeline.probes(other) + "\n" + report());
    }
  }

  /** Not ready once it noticed, before the heal, and from then on until the heal; ready again within the bound. */
  public void assertCutNodeUnreadyThenBack() {
    long unready = timeline.first(node, 503, cut);
    assertTrue(unready > 0 && unready < healed, () -> node + " never said it was not ready while cut off\n" + report());
    List<SplitTimeline.Probe> readyWhileCut = timeline.probes(node).stream()
      .filter(probe -> probe.at() > unready && probe.at() < healed && probe.status() == 200).toList();
    assertTrue(readyWhileCut.isEmpty(), () -> node + " called itself ready while cut off: " + readyWhileCut + "\n" + report());
    long back = timeline.first(node, 200, healed);
    assertTrue(back > 0 && back < healed + bound.toMillis(), () -> node + " not ready again in time\n" + report());
  }

  public String report() {
    long unready = timeline.first(node, 503, cut);
    long last = timeline.lastFailure();
    long back = timeline.first(node, 200, healed);
    return String.format("%s cut at %d for %d s: unready after %s; last failed request sent %s; %s ready again %s; statuses %s; "
        + "its probes %s",
      node, cut, (healed - cut) / 1000, unready < 0 ? "never" : "+" + (unready - cut) + " ms",
      last < 0 ? "never" : last < healed ? (last - cut) + " ms after the cut" : (last - healed) + " ms after the heal",
      node, back < 0 ? "never" : (back - healed) + " ms after the heal", timeline.statuses(), timeline.probes(node));
  }

  private String failures() {
    return timeline.requests().stream().filter(request -> !request.succeeded()).map(Object::toString).collect(Collectors.joining("\n"));
  }
}
