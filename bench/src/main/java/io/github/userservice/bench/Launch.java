package io.github.userservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a service process is started: as production starts it ({@code ./run.sh -conf FILE}, its options and class
 * archive), the documented way without the script ({@code java @conf/jvm.options -jar}), with no options at all
 * ({@code java -jar}), and ./run.sh on JDK 25 (its AOT cache) when one is installed. The cold starts compare them;
 * every other measurement uses ./run.sh.
 */
enum Launch {
  RUN_SH("run.sh"),
  JVM_OPTIONS_JAR("java @conf/jvm.options -jar"),
  PLAIN_JAR("java -jar"),
  RUN_SH_JDK25("run.sh on JDK 25");

  final String label;

  Launch(String label) {
    this.label = label;
  }

  /** The command for a service reading {@code config}; the repository's files are found from {@code repo}. */
  List<String> command(Path repo, Path config) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(switch (this) {
      case RUN_SH, RUN_SH_JDK25 -> List.of(repo.resolve("run.sh").toString());
      case JVM_OPTIONS_JAR -> List.of(java, "@" + repo.resolve("conf/jvm.options"), "-jar", repo.resolve("target/user-service.jar").toString());
      case PLAIN_JAR -> List.of(java, "-jar", repo.resolve("target/user-service.jar").toString());
    });
    command.addAll(List.of("-conf", config.toString()));
    return command;
  }

  /** Environment added to the driver's: JDK 25 first on the PATH for ./run.sh (which runs the java it finds there). */
  Map<String, String> environment() {
    return this == RUN_SH_JDK25
      ? Map.of("PATH", jdk25().orElseThrow().resolve("bin") + ":" + System.getenv("PATH"))
      : Map.of();
  }

  /** The launches this machine has: JDK 25's only where one is installed under /usr/lib/jvm. */
  static List<Launch> available() {
    return jdk25().isPresent() ? List.of(values()) : List.of(RUN_SH, JVM_OPTIONS_JAR, PLAIN_JAR);
  }

  static Optional<Path> jdk25() {
    try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      return jdks.filter(jdk -> jdk.getFileName().toString().contains("-25-") && Files.isExecutable(jdk.resolve("bin/java")))
        .sorted().findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
