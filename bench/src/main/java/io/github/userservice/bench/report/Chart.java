package io.github.userservice.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * The benchmark as a picture, for comparing runs by eye: logins/s and their p99 against the number of clients, the
 * hash ceiling as a dashed line, and the cluster's scaling from one hasher node to two. Plain hand-written SVG (no
 * library, no browser needed to make it); Report.java supplies the figures, the same medians its tables show.
 *
 * <pre>java -cp target/user-service.jar:CLASSES Report results.jsonl --chart > bench/chart.svg</pre>
 */
final class Chart {

  /**
   * What the chart shows: per client count (ascending) the median successful logins/s and their median p99; the
   * ceiling's all-core verify/s at the same parameters; the cluster's logins/s. NaN is a figure this run did not
   * measure, and an empty {@code clients} a run without logins: their panels say so.
   */
  record Figures(String title, String subtitle, List<Integer> clients, List<Double> loginsPerSec, List<Double> p99Ms,
                 String loginsNote, double ceilingPerSec, double p99GoalMs, double oneHasher, double twoHashers,
                 double singleNode, double scalingGoal) {
  }

  private static final int WIDTH = 1080;
  private static final int HEIGHT = 450;

  private static final String LOGINS = "#1f77b4";
  private static final String P99 = "#d62728";
  private static final String CLUSTER = "#2ca02c";
  private static final String REFERENCE = "#8c8c8c";
  private static final String INK = "#222222";
  private static final String GRID = "#e6e6e6";

  // every panel's plot area: the same top and height, 360 px of width each
  private static final int PANEL = 360;
  private static final int PLOT_LEFT = 60;
  private static final int PLOT_WIDTH = 270;
  private static final int TOP = 96;
  private static final int HEIGHT_PLOT = 240;
  private static final int BOTTOM = TOP + HEIGHT_PLOT;

  private final StringBuilder svg = new StringBuilder();

  static String svg(Figures figures) {
    return new Chart().draw(figures);
  }

  private String draw(Figures f) {
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
      .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
      .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" fill=\"").append(INK).append("\">\n");
    // an opaque background: GitHub's dark mode would otherwise show dark text on a dark page
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    text(20, 30, "start", 18, "bold", INK, f.title());
    text(20, 52, "start", 12, "normal", "#555555", f.subtitle());
    loginsPanel(0, f);
    p99Panel(PANEL, f);
    clusterPanel(2 * PANEL, f);
    return svg.append("</svg>\n").toString();
  }

  private void loginsPanel(int left, Figures f) {
    double max = maxOf(f.loginsPerSec(), f.ceilingPerSec());
    Axes axes = clientAxes(left, "Logins per second", max, f);
    if (axes == null) {
      return;
    }
    if (!Double.isNaN(f.ceilingPerSec())) {
      dashed(axes.left(), axes.y(f.ceilingPerSec()), axes.left() + PLOT_WIDTH, axes.y(f.ceilingPerSec()), REFERENCE);
    }
    curve(axes, f.clients(), f.loginsPerSec(), LOGINS, 1);
    legend(left, 0, Swatch.LINE, LOGINS, f.loginsNote());
    legend(left, 1, Swatch.DASHED, REFERENCE, Double.isNaN(f.ceilingPerSec()) ? "ceiling: not measured in this run"
      : "ceiling: raw Argon2id verify on all cores, " + num(f.ceilingPerSec(), 1) + "/s");
  }

  private void p99Panel(int left, Figures f) {
    double max = maxOf(f.p99Ms(), f.p99GoalMs());
    Axes axes = clientAxes(left, "p99 latency of logins, ms", max, f);
    if (axes == null) {
      return;
    }
    dashed(axes.left(), axes.y(f.p99GoalMs()), axes.left() + PLOT_WIDTH, axes.y(f.p99GoalMs()), REFERENCE);
    curve(axes, f.clients(), f.p99Ms(), P99, 0);
    legend(left, 0, Swatch.LINE, P99, "p99 of the successful logins, median");
    legend(left, 1, Swatch.DASHED, REFERENCE, "goal at 16 and 64 clients: ≤ " + num(f.p99GoalMs(), 0) + " ms");
  }

  private void clusterPanel(int left, Figures f) {
    int x0 = left + PLOT_LEFT;
    text(x0, TOP - 16, "start", 14, "bold", INK, "Cluster: logins per second");
    if (Double.isNaN(f.oneHasher()) || Double.isNaN(f.twoHashers())) {
      text(x0 + PLOT_WIDTH / 2, TOP + HEIGHT_PLOT / 2, "middle", 13, "normal", REFERENCE, "not measured in this run");
      return;
    }
    double max = maxOf(List.of(f.oneHasher(), f.twoHashers(), f.singleNode()));
    Axes axes = new Axes(x0, ticks(max * 1.25));
    axes.grid();
    String[][] labels = {{"1 hasher", "core 0"}, {"2 hashers", "cores 0 and 1"}, {"single node", "all roles, 2 cores"}};
    double[] values = {f.oneHasher(), f.twoHashers(), f.singleNode()};
    int slot = PLOT_WIDTH / 3;
    for (int i = 0; i < 3; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      int centre = x0 + slot * i + slot / 2;
      double y = axes.y(values[i]);
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>\n",
        centre - 24, y, 48, BOTTOM - y, i < 2 ? CLUSTER : REFERENCE));
      text(centre, y - 6, "middle", 12, "bold", INK, num(values[i], 2));
      text(centre, BOTTOM + 18, "middle", 12, "normal", INK, labels[i][0]);
      text(centre, BOTTOM + 33, "middle", 11, "normal", "#555555", labels[i][1]);
    }
    // the figure the cluster issue asks about, where the eye goes: over the two hashers' bar
    double ratio = f.twoHashers() / f.oneHasher();
    text(x0 + slot + slot / 2, axes.y(f.twoHashers()) - 24, "middle", 14, "bold", CLUSTER, "× " + num(ratio, 2));
    legend(left, 0, Swatch.BOX, CLUSTER, "× " + num(ratio, 2) + ": two hashers ÷ one (goal ≥ " + num(f.scalingGoal(), 1) + ")");
    legend(left, 1, Swatch.NONE, INK, "8 clients, Argon2id m=131072 KiB, t=3");
  }

  /** A panel with clients on a log scale; null (and a note in the panel) when this run measured no logins. */
  private Axes clientAxes(int left, String title, double max, Figures f) {
    int x0 = left + PLOT_LEFT;
    text(x0, TOP - 16, "start", 14, "bold", INK, title);
    if (f.clients().isEmpty()) {
      text(x0 + PLOT_WIDTH / 2, TOP + HEIGHT_PLOT / 2, "middle", 13, "normal", REFERENCE, "not measured in this run");
      return null;
    }
    Axes axes = new Axes(x0, ticks(max * 1.15));
    axes.grid();
    for (int clients : f.clients()) {
      double x = clientX(x0, clients, f.clients());
      line(x, BOTTOM, x, BOTTOM + 4, INK);
      text(x, BOTTOM + 18, "middle", 12, "normal", INK, String.valueOf(clients));
    }
    text(x0 + PLOT_WIDTH / 2, BOTTOM + 36, "middle", 12, "normal", INK, "clients (log scale)");
    return axes;
  }

  /** The medians joined by a line, each point labelled with its value. */
  private void curve(Axes axes, List<Integer> clients, List<Double> values, String colour, int decimals) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < clients.size(); i++) {
      if (!Double.isNaN(values.get(i))) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", clientX(axes.left(), clients.get(i), clients), axes.y(values.get(i))));
      }
    }
    svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2.5\" points=\"")
      .append(points.toString().trim()).append("\"/>\n");
    for (int i = 0; i < clients.size(); i++) {
      if (Double.isNaN(values.get(i))) {
        continue;
      }
      double x = clientX(axes.left(), clients.get(i), clients);
      double y = axes.y(values.get(i));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n", x, y, colour));
      // right of the point and below it, clear of a line that arrives from the lower left; above it at the bottom
      text(x + 7, y + 15 > BOTTOM - 4 ? y - 8 : y + 15, "start", 11, "normal", colour, num(values.get(i), decimals));
    }
  }

  /** Clients on a log scale, the smallest and the largest count 12 px inside the plot's edges. */
  private static double clientX(int x0, int clients, List<Integer> all) {
    double lo = Math.log(all.get(0));
    double hi = Math.log(all.get(all.size() - 1));
    double share = hi == lo ? 0.5 : (Math.log(clients) - lo) / (hi - lo);
    return x0 + 12 + share * (PLOT_WIDTH - 48);
  }

  private enum Swatch { LINE, DASHED, BOX, NONE }

  /** Row {@code row} of the legend under a panel: what the line, dashed line or bar of that colour is. */
  private void legend(int left, int row, Swatch swatch, String colour, String label) {
    int x = left + PLOT_LEFT;
    int y = BOTTOM + 64 + row * 18;
    switch (swatch) {
      case LINE -> svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"/>\n", x, y - 4, x + 22, y - 4, colour));
      case DASHED -> dashed(x, y - 4, x + 22, y - 4, colour);
      case BOX -> svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"10\" fill=\"%s\"/>\n", x, y - 9, colour));
      case NONE -> { }
    }
    text(x + 28, y, "start", 12, "normal", INK, label);
  }

  /** The y axis of a panel: from 0 to a round number, ticks at round steps. */
  private final class Axes {
    private final int left;
    private final double[] ticks;

    Axes(int left, double[] ticks) {
      this.left = left;
      this.ticks = ticks;
    }

    int left() {
      return left;
    }

    double y(double value) {
      return BOTTOM - value / ticks[ticks.length - 1] * HEIGHT_PLOT;
    }

    void grid() {
      // as many decimals as the step needs: 0.5 → 1, 2 → 0
      int decimals = (int) Math.max(0, -Math.floor(Math.log10(ticks[1]) + 1e-9));
      for (double tick : ticks) {
        double y = y(tick);
        line(left, y, left + PLOT_WIDTH, y, tick == 0 ? INK : GRID);
        text(left - 6, y + 4, "end", 11, "normal", INK, num(tick, decimals));
      }
      line(left, TOP, left, BOTTOM, INK);
    }
  }

  /** 0, step, 2 step, … up to the first multiple of step at or above max; step is 1, 2 or 5 × a power of ten. */
  private static double[] ticks(double max) {
    double raw = Math.max(max, 1e-9) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double n = raw / magnitude;
    double step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    int count = (int) Math.ceil(max / step - 1e-9);
    double[] ticks = new double[count + 1];
    for (int i = 0; i <= count; i++) {
      ticks[i] = i * step;
    }
    return ticks;
  }

  /** The largest of the values and the extras that are not NaN (Math.max would answer NaN), or 0. */
  private static double maxOf(List<Double> values, double... extras) {
    return java.util.stream.DoubleStream.concat(values.stream().mapToDouble(Double::doubleValue), java.util.Arrays.stream(extras))
      .filter(v -> !Double.isNaN(v)).max().orElse(0);
  }

  private void line(double x1, double y1, double x2, double y2, String colour) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2, y2, colour));
  }

  private void dashed(double x1, double y1, double x2, double y2, String colour) {
    svg.append(String.format(Locale.ROOT,
      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
      x1, y1, x2, y2, colour));
  }

  private void text(double x, double y, String anchor, int size, String weight, String colour, String content) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s fill=\"%s\">%s</text>\n",
      x, y, anchor, size, weight.equals("normal") ? "" : " font-weight=\"" + weight + "\"", colour, escape(content)));
  }

  private static String num(double value, int decimals) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
