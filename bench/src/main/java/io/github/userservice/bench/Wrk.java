package io.github.userservice.bench;

import io.github.userservice.support.ProcStat;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * wrk for the cheap GET routes: at thousands of requests per second a JVM client would take as much CPU as the service
 * it measures, wrk (C) a few percent of a core. Its Lua script bench/wrk/get.lua prints one JSON line; around it the
 * service's CPU, wrk's own (its CPU as a reaped child of this process) and the rest of the machine's.
 */
final class Wrk {

  private final Path script;
  private final Results results;

  Wrk(Path bench, Results results) {
    this.script = bench.resolve("wrk/get.lua");
    this.results = results;
  }

  static String version() {
    try {
      Process wrk = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
      String first = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("wrk");
      wrk.waitFor();
      String[] words = first.split(" ");
      return words.length > 1 ? words[0] + " " + words[1] : first;
    } catch (IOException | InterruptedException e) {
      return "wrk (version unknown)";
    }
  }

  /** A warm-up window: measured by nobody. */
  void warmUp(Service service, double secs, String path, String... scriptArgs) {
    window(service, 64, secs, path, scriptArgs);
  }

  /** One window of 64 connections; its JSON line, completed with the section, label, repetition and CPU figures. */
  void run(String section, String label, int rep, Service service, double secs, String path, String... scriptArgs) {
    long svc0 = ProcStat.cpuTicks(service.pid());
    long machine0 = ProcStat.machineBusyTicks();
    long[] children0 = ProcStat.childrenTicks();
    JsonObject line = window(service, 64, secs, path, scriptArgs);
    long[] children1 = ProcStat.childrenTicks();
    double svcMs = ProcStat.ticksToMs(ProcStat.cpuTicks(service.pid()) - svc0);
    double busyMs = ProcStat.ticksToMs(ProcStat.machineBusyTicks() - machine0);
    double wrkMs = ProcStat.ticksToMs(children1[0] + children1[1] - children0[0] - children0[1]);
    double wallMs = line.getDouble("secs") * 1000;
    long requests = line.getLong("requests");
    results.add(line.put("section", section).put("label", label).put("rep", rep).put("conc", 64)
      .put("svcCpuMs", round(svcMs)).put("svcCpuUsPerReq", requests > 0 ? round(svcMs * 1000 / requests) : 0)
      .put("svcCores", round(svcMs / wallMs)).put("clientCores", round(wrkMs / wallMs))
      .put("otherCores", round(Math.max(0, busyMs - svcMs - wrkMs) / wallMs)).put("rssMB", round(service.rssMB())));
  }

  private JsonObject window(Service service, int connections, double secs, String path, String... scriptArgs) {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + Math.round(secs) + "s", "--timeout", "10s",
      "-s", script.toString(), service.base() + path, "--"));
    command.addAll(List.of(scriptArgs));
    try {
      Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      wrk.waitFor();
      return output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).map(JsonObject::new)
        .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
