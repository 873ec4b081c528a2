package io.github.userservice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 256 login clients, well-behaved (Retry-After honoured) then hostile (resend at once), each after 5 s of warm-up (256
 * TLS handshakes take seconds on 2 busy cores); then every user registered before is logged in once more, and the
 * database's rows counted.
 */
final class Overload {

  private final Run run;
  private final Service service;
  private final Path pool;
  private final Path registered;

  Overload(Run run, Service service, Path pool, Path registered) {
    this.run = run;
    this.service = service;
    this.pool = pool;
    this.registered = registered;
  }

  void measure() {
    long before = StoredRows.count(service.database());
    Durations d = run.durations;
    for (int rep = 1; rep <= d.overloadReps(); rep++) {
      for (boolean polite : new boolean[] {true, false}) {
        Bench.log("overload: " + Run.OVERLOAD_CLIENTS + (polite ? " well-behaved" : " hostile") + " clients for " + d.overloadSecs() + " s");
        run.client(service, "overload", "users=" + pool, "conc=" + Run.OVERLOAD_CLIENTS, "polite=" + polite, "reps=1", "rep=" + rep,
          "secs=" + d.overloadSecs(), "warmup=5");
      }
    }
    Bench.log("after the flood: logging in every user registered before it");
    Path everyone = run.file("everyone.txt");
    List<String> users = new ArrayList<>(lines(pool));
    users.addAll(lines(registered));
    try {
      Files.write(everyone, users);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run.client(service, "check", "section=lost", "users=" + everyone, "conc=4");
    run.results.meta("users_in_db_before_flood", before);
    run.results.meta("users_in_db_after_flood", StoredRows.count(service.database()));
    run.results.meta("users_acknowledged", users.size());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
