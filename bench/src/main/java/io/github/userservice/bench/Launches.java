package io.github.userservice.bench;

import io.github.userservice.bench.ceiling.Ceiling;

import java.nio.file.Path;
import java.util.List;

/**
 * The same service started the documented way ({@code java @conf/jvm.options -jar}) and as a plain {@code java -jar}
 * with no option at all: each repetition a fresh pair per launch, the hash ceiling (verify on every core, each
 * implementation) with the same JVM options as the service, then the service, warmed up, at 16 login clients. Both
 * launches run in every repetition, one after the other, so that the machine's drift hits them alike; the report
 * sets their efficiency side by side.
 */
final class Launches {

  static final List<Launch> COMPARED = List.of(Launch.JVM_OPTIONS_JAR, Launch.PLAIN_JAR);

  private final Run run;
  private final Durations d;

  Launches(Run run) {
    this.run = run;
    this.d = run.durations;
  }

  /** The label of a launch's lines, ceiling and logins alike, so that efficiency pairs them. */
  static String label(Launch launch) {
    return "launch-" + launch.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  void measure() {
    for (int rep = 1; rep <= d.reps(); rep++) {
      for (Launch launch : COMPARED) {
        Bench.log("started as " + launch.label + ": ceiling and logins, repetition " + rep + "/" + d.reps());
        Ceiling.Parameters parameters = new Ceiling.Parameters(label(launch), 19456, 2, 1);
        run.results.addAll(run.ceiling.withJvmOptions(jvmOptions(launch)).allCoresVerify(parameters, rep));
        // a fresh folder each time: the pair is new, and no other service holds memory meanwhile
        Service service = Service.start(run.workspace, new Service.Spec(label(launch), ShippedParameters.ARGON2).launchedBy(launch));
        Path pool = run.file(label(launch) + "-pool.txt");
        run.client(service, "setup", "users=" + pool, "count=" + Run.POOL_USERS, "prefix=pool", "conc=4");
        run.warmup.untilCompiled(service, pool);
        run.client(service, "login", "label=" + label(launch), "users=" + pool, "conc=16", "reps=1", "rep=" + rep,
          "secs=" + d.secs(), "warmup=" + d.windowWarmup());
        service.stop();
      }
    }
  }

  /** What the launch gives the service's JVM, and so the ceiling's: conf/jvm.options, or nothing (JAVA_OPTS is ./run.sh's). */
  private List<String> jvmOptions(Launch launch) {
    return launch == Launch.PLAIN_JAR ? List.of() : JvmOptions.file(run.workspace.repo.resolve("conf/jvm.options"));
  }
}
