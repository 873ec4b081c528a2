package io.github.userservice.bench;

import io.github.userservice.bench.report.ChartCheck;
import io.github.userservice.bench.report.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The chart as people see it: drawn from a run's raw measurements, then looked at in headless Chromium
 * ({@link ChartCheck}). Checked last, so that a chart that does not render fails the run after every result was written.
 */
final class Charts {

  private Charts() {
  }

  /** --chart FILE: an earlier run's chart drawn again, where that run would have written it, and checked. */
  static int redraw(Path repo, Path results) {
    if (!Files.isRegularFile(results)) {
      throw new IllegalArgumentException("no such file: " + results);
    }
    try {
      boolean full = Files.readString(results).contains("\"key\":\"mode\",\"value\":\"full\"");
      Path svg = full ? repo.resolve("bench/chart.svg") : repo.resolve("bench/out/chart-partial.svg");
      Files.createDirectories(svg.getParent());
      Files.writeString(svg, Report.chart(results));
      Bench.log("chart of " + results + " written to " + repo.relativize(svg));
      return check(repo, svg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 0 when Chromium shows the chart, or when there is no Chromium (said so); 1 when it does not render. */
  static int check(Path repo, Path svg) {
    Optional<Path> chromium = Tools.find("chromium");
    if (chromium.isEmpty()) {
      Bench.log("the chart was NOT CHECKED: chromium is missing (Debian: apt-get install chromium)");
      return 0;
    }
    Path profile = null;
    try {
      profile = Files.createTempDirectory("bench-chromium.");
      String seen = ChartCheck.check(svg, repo.resolve("bench/out/chart.png"), chromium.get().toString(), profile);
      Bench.log(seen + " (" + repo.relativize(svg) + "; screenshot bench/out/chart.png)");
      return 0;
    } catch (ChartCheck.NotRendered e) {
      Bench.log("THE CHART DOES NOT RENDER in Chromium: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      throw new IllegalStateException("the chart could not be checked", e);
    } finally {
      if (profile != null) {
        try (var files = Files.walk(profile)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
          // a temporary folder
        }
      }
    }
  }
}
