package io.github.userservice.bench.report;

import java.util.Locale;

/** How the report writes a figure into a markdown cell: fixed decimals, "–" for one not measured. */
final class Markdown {

  private Markdown() {
  }

  static String f(double value, int decimals) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String pct1(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String pct(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f %%", share * 100);
  }

  static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }
}
