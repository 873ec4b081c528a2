package io.github.userservice.bench.report;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import static io.github.userservice.bench.report.Markdown.f;

/**
 * One run's measurements (its JSON lines) and the figures derived from them: selections, medians over repetitions,
 * ratios taken per repetition (efficiency, Bearer ÷ trivial, PostgreSQL ÷ SQLite), the cluster's and Keycloak's
 * figures. {@link Report} writes them as markdown.
 */
class Measurements {

  /** The label of Keycloak's own windows (user-service's with Keycloak's parameters are "keycloak"). */
  static final String KEYCLOAK_SERVER = "keycloak-server";

  final List<JsonObject> lines;
  final Map<String, String> meta = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  final int cores;

  Measurements(List<JsonObject> lines) {
    this.lines = lines;
    for (JsonObject line : lines) {
      if ("meta".equals(line.getString("section"))) {
        if ("note".equals(line.getString("key"))) {
          notes.add(line.getString("value"));
        } else {
          meta.put(line.getString("key"), line.getString("value"));
        }
      }
    }
    this.cores = Integer.parseInt(meta.getOrDefault("cores", "2"));
  }

  String latencies(String label, int clients) {
    return f(loginFigure(label, clients, "p50Ms"), 0) + " / " + f(loginFigure(label, clients, "p99Ms"), 0);
  }

  /** The median over repetitions of a login window's figure at this client count. */
  double loginFigure(String label, int clients, String field) {
    return med(select(l -> is(l, "login") && label.equals(l.getString("label")) && l.getInteger("conc") == clients), field);
  }

  double registrationFigure(String label, String field) {
    return med(select(l -> is(l, "register") && label.equals(l.getString("label"))), field);
  }

  double bestRegistrations(String label) {
    List<JsonObject> all = select(l -> is(l, "register") && label.equals(l.getString("label")));
    return median(all.stream().map(l -> l.getInteger("rep")).distinct().toList(), rep -> all.stream()
      .filter(l -> rep.equals(l.getInteger("rep"))).mapToDouble(l -> l.getDouble("okPerSec")).max().orElse(Double.NaN));
  }

  /** The median of a restart's figure in the Keycloak section, for "user-service" or "keycloak". */
  double started(String who, String field) {
    return med(select(l -> is(l, "keycloak-start") && who.equals(l.getString("who")) && "restart".equals(l.getString("kind"))), field);
  }

  double afterLoad(String who) {
    return med(select(l -> is(l, "keycloak-rss") && who.equals(l.getString("who"))), "afterLoadMB");
  }

  /** One cluster window by its label, or null when the cluster section did not run. */
  JsonObject clusterWindow(String label) {
    return select(l -> is(l, "cluster") && label.equals(l.getString("label"))).stream().findFirst().orElse(null);
  }

  double clusterScaling() {
    JsonObject one = clusterWindow("scaling-1-hasher");
    JsonObject two = clusterWindow("scaling-2-hashers");
    return one == null || two == null ? Double.NaN : two.getDouble("okPerSec") / one.getDouble("okPerSec");
  }

  double clusterHopCost() {
    JsonObject cluster = clusterWindow("hop-cluster");
    JsonObject single = clusterWindow("hop-single-node");
    return cluster == null || single == null ? Double.NaN : cluster.getDouble("cpuMsPerLogin") / single.getDouble("cpuMsPerLogin");
  }

  /** Seconds from the kill to the first second whose logins are all 200 again, and every status seen after the kill. */
  String clusterRecovery() {
    JsonObject timeline = first("cluster-kill");
    if (timeline == null) {
      return "–";
    }
    JsonObject seconds = timeline.getJsonObject("seconds");
    Map<String, Long> after = new java.util.TreeMap<>();
    int recovered = -1;
    for (int second = 10; second < 40; second++) {
      JsonObject statuses = seconds.getJsonObject(String.valueOf(second), new JsonObject());
      statuses.forEach(entry -> after.merge(entry.getKey(), ((Number) entry.getValue()).longValue(), Long::sum));
      boolean clean = statuses.size() == 1 && statuses.containsKey("200");
      if (clean && recovered < 0) {
        recovered = second - 10;
      } else if (!clean) {
        recovered = -1;
      }
    }
    return (recovered < 0 ? "not within 30 s" : "≤ " + (recovered + 1) + " s") + "; statuses after the kill: "
      + after.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(java.util.stream.Collectors.joining(", "));
  }

  /** The cold starts of one way of launching (older runs only had ./run.sh's) and kind (first, restart). */
  List<JsonObject> cold(String launch, String kind) {
    return select(l -> is(l, "cold") && launch.equals(l.getString("launch", "run.sh")) && kind.equals(l.getString("kind")));
  }

  /** Per repetition PostgreSQL's figure ÷ SQLite's, then the median. */
  double databaseRatio(String section) {
    List<Integer> reps = select(l -> is(l, section)).stream().map(l -> l.getInteger("rep")).distinct().toList();
    return median(reps, rep -> {
      double sqlite = select(l -> is(l, section) && "sqlite".equals(l.getString("label")) && rep.equals(l.getInteger("rep"))).get(0).getDouble("okPerSec");
      double postgres = select(l -> is(l, section) && "postgres".equals(l.getString("label")) && rep.equals(l.getInteger("rep"))).get(0).getDouble("okPerSec");
      return postgres / sqlite;
    });
  }

  /** Per repetition: the best successes/s over the client counts; then the median. */
  double saturation(String label) {
    return median(reps(label), rep -> best(label, rep).getDouble("okPerSec"));
  }

  double efficiencyWall() {
    return efficiencyWall("default");
  }

  double efficiencyWall(String label) {
    return median(reps(label), rep -> best(label, rep).getDouble("okPerSec") / ceilingOf(label, rep, "perSec"));
  }

  double efficiencyCpu() {
    return efficiencyCpu("default");
  }

  double efficiencyCpu(String label) {
    return median(reps(label), rep -> ceilingOf(label, rep, "cpuMsPerOp") / best(label, rep).getDouble("svcCpuMsPerOk"));
  }

  double cpuPerLoginAtSaturation(String label) {
    return median(reps(label), rep -> best(label, rep).getDouble("svcCpuMsPerOk"));
  }

  List<Double> reps(String label) {
    return select(l -> is(l, "login") && label.equals(l.getString("label"))).stream()
      .map(l -> (double) l.getInteger("rep")).distinct().toList();
  }

  JsonObject best(String label, double rep) {
    return select(l -> is(l, "login") && label.equals(l.getString("label")) && l.getInteger("rep") == rep).stream()
      .max((a, b) -> Double.compare(a.getDouble("okPerSec"), b.getDouble("okPerSec"))).orElseThrow();
  }

  /**
   * A figure of the all-core verify ceiling of one repetition, at the parameters the label was measured with (Keycloak
   * itself against the ceiling at its parameters); with several implementations, the faster one's.
   */
  double ceilingOf(String label, double rep, String field) {
    String parameters = label.equals(KEYCLOAK_SERVER) ? "keycloak" : label;
    return select(l -> is(l, "ceiling") && parameters.equals(l.getString("label")) && "verify".equals(l.getString("op"))
      && l.getInteger("threads") == cores && l.getInteger("rep") == rep).stream()
      .max((a, b) -> Double.compare(a.getDouble("perSec"), b.getDouble("perSec")))
      .map(l -> l.getDouble(field)).orElse(Double.NaN);
  }

  double getRatio() {
    List<Double> reps = select(l -> is(l, "get")).stream().map(l -> (double) l.getInteger("rep")).distinct().toList();
    return median(reps, rep -> {
      double bearer = select(l -> is(l, "get") && "bearer".equals(l.getString("label")) && l.getInteger("rep") == rep.intValue())
        .stream().mapToDouble(l -> l.getDouble("rps")).findFirst().orElse(Double.NaN);
      double trivial = select(l -> is(l, "get") && "trivial".equals(l.getString("label")) && l.getInteger("rep") == rep.intValue())
        .stream().mapToDouble(l -> l.getDouble("rps")).findFirst().orElse(Double.NaN);
      return bearer / trivial;
    });
  }

  double lookupFlatness() {
    List<JsonObject> lookups = select(l -> is(l, "scale-lookup"));
    if (lookups.isEmpty()) {
      return Double.NaN;
    }
    List<String> sizes = lookups.stream().map(l -> l.getString("label")).distinct().toList();
    String smallest = sizes.get(0);
    String largest = sizes.get(sizes.size() - 1);
    return median(select(l -> is(l, "scale-lookup") && largest.equals(l.getString("label"))), l -> l.getDouble("rps"))
      / median(select(l -> is(l, "scale-lookup") && smallest.equals(l.getString("label"))), l -> l.getDouble("rps"));
  }

  String repsNote() {
    long reps = select(l -> is(l, "login")).stream().map(l -> l.getInteger("rep")).distinct().count();
    return reps + " repetition(s) unless said otherwise";
  }

  String overloadRepsNote() {
    long reps = select(l -> is(l, "overload")).stream().map(l -> l.getInteger("rep")).distinct().count();
    return reps == 1 ? "One run of each (30 s each in a full run: not repeated, to keep the benchmark short)." : reps + " runs of each.";
  }

  static double kind(JsonObject line, String kind, String field) {
    JsonObject k = line.getJsonObject("kinds").getJsonObject(kind);
    return k == null || k.getDouble(field) == null ? Double.NaN : k.getDouble(field);
  }

  List<Integer> concurrencies(List<JsonObject> runs) {
    return runs.stream().map(l -> l.getInteger("conc")).distinct().sorted().toList();
  }

  List<JsonObject> select(Predicate<JsonObject> filter) {
    return lines.stream().filter(filter).toList();
  }

  JsonObject first(String section) {
    return lines.stream().filter(l -> is(l, section)).findFirst().orElse(null);
  }

  static boolean is(JsonObject line, String section) {
    return section.equals(line.getString("section"));
  }

  static double med(List<JsonObject> runs, String field) {
    return median(runs, l -> l.getValue(field) instanceof Number n ? n.doubleValue() : Double.NaN);
  }

  static <T> double median(List<T> items, Function<T, Double> value) {
    double[] values = items.stream().map(value).filter(v -> v != null && !v.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  static double max(List<JsonObject> runs, Function<JsonObject, Double> value) {
    return runs.stream().map(value).filter(v -> v != null && !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {"201":50,"409":2} → 50 × 201, 2 × 409 */
  static String statusList(JsonObject statuses) {
    return statuses.fieldNames().stream().sorted().map(status -> statuses.getLong(status) + " × " + status)
      .collect(java.util.stream.Collectors.joining(", "));
  }

  String meta(String key) {
    return meta.getOrDefault(key, "");
  }
}
