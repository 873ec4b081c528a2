package io.github.userservice.bench;

import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a run lives: the repository (the working directory: bench/run.sh starts the driver there), a temporary folder
 * for everything the services write (databases, keys, certificates), removed at the end, and bench/out/ for what stays
 * (raw measurements, service logs). Whatever is registered here is closed at the end, also on Ctrl-C.
 */
final class Workspace implements AutoCloseable {

  final Path repo = Path.of("").toAbsolutePath();
  final Path jar = repo.resolve("target/user-service.jar");
  final Path bench = repo.resolve("bench");
  final Path out = bench.resolve("out");
  final Path work;
  final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> open = new ArrayList<>();
  private boolean closed;

  Workspace() {
    try {
      Files.createDirectories(out);
      work = Files.createTempDirectory("user-service-bench.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-cleanup"));
  }

  /** Closed (stopped) at the end of the run, last registered first, unless closed before. */
  synchronized <T extends AutoCloseable> T register(T resource) {
    open.add(resource);
    return resource;
  }

  synchronized void closed(AutoCloseable resource) {
    open.remove(resource);
  }

  Path dir(String name) {
    Path dir = work.resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Stops every process still running, last started first: at the end, and after a section that failed midway. */
  synchronized void stopAll() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        System.err.println("bench: could not stop " + open.get(i) + ": " + e);
      }
    }
    open.clear();
  }

  /** Stops what is still running, keeps the service logs in bench/out/ (never databases, keys or certificates), removes the rest. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAll();
    keepLogs();
    vertx.close();
    delete(work);
  }

  /** Each service folder's logs, as bench/out/FOLDER.log (cluster nodes: cluster-NODE.log), a restart's after the start's. */
  private void keepLogs() {
    java.util.Map<String, StringBuilder> logs = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.walk(work)) {
      for (Path log : files.filter(f -> f.getFileName().toString().matches("service-[0-9]+\\.log")).sorted().toList()) {
        String name = work.relativize(log.getParent()).toString().replace('/', '-') + ".log";
        logs.computeIfAbsent(name, n -> new StringBuilder()).append(Files.readString(log));
      }
      for (var log : logs.entrySet()) {
        Files.writeString(out.resolve(log.getKey()), log.getValue());
      }
    } catch (IOException e) {
      System.err.println("bench: could not keep the service logs: " + e);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // left for the system to clear
    }
  }
}
