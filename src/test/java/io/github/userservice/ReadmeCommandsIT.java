package io.github.userservice;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.Markdown;
import io.github.userservice.support.RepositoryCopy;
import io.github.userservice.support.ServiceProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The curl lines of the README's "Try it", and of the documents' blocks that need nothing but the running service,
 * run as they are written, in order, against the packaged jar; each must give the status written in its
 * {@code # 201}-style comment, or the body its {@code # {"keys":[...]}}-style comment shows, each {@code ...} standing
 * for any text.
 *
 * <p>How the lines are run. The service is {@code java -jar target/user-service.jar} in a copy of the repository, on
 * the shipped {@code conf/config.json}, with two overrides: {@code USER_SERVICE_HTTP_HOST=127.0.0.1} and
 * {@code USER_SERVICE_HTTP_PORT} set to a free port, because 8443 may be taken on a shared machine (by a developer's
 * own {@code ./run.sh}). So in each line {@code localhost:8443} is replaced by {@code localhost:PORT}, and that is the
 * only change to its text. Each block is one bash script (a block's lines share variables, as {@code $TOKEN}), run in
 * the copy's folder. Statuses are read without touching the lines: bash runs with a curl configuration file of its
 * own ({@code CURL_HOME}) that adds {@code --write-out} to standard error, and {@code --silent --show-error} so that no
 * progress meter is mixed in.
 *
 * <p>Lines that need more than the running service are not run, each for a reason {@link #SKIPPED} gives. Any other
 * kind of line fails the test, so a new one must be checked here or skipped with its reason.
 */
@DisplayName("The documents' curl lines, run verbatim against the packaged jar")
class ReadmeCommandsIT {

  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration BLOCK = Duration.ofSeconds(120);

  /** The sections whose command blocks run, in this order, against one service. */
  private static final List<Section> SECTIONS = List.of(
    new Section("README.md", "Try it"),                 // registers alice@example.com
    new Section("docs/access-tokens.md", "Access tokens"), // goes on with her: token, password change, deletion
    new Section("docs/sessions.md", "Sessions"),        // carol: refresh, the token just replaced, the list, logout
    new Section("docs/operations.md", "Operations"));   // health, metrics, the OpenAPI document

  /** Commands, by how they start, that are not run, and why. */
  private static final Map<String, String> SKIPPED = Map.of(
    "sqlite3 ", "needs Debian's sqlite3, and its comment shows the shape of a row, not a status to compare");

  private static final Pattern STATUS_COMMENT = Pattern.compile("^(\\d{3})\\b.*");
  private static final Pattern WRITTEN_STATUS = Pattern.compile("@@status (\\d{3})");
  private static final String MARKER = "@@command ";

  record Section(String document, String heading) {
  }

  /** One command of a block: its lines as written, and what its trailing comment promises. */
  record Command(String section, List<String> lines, String comment) {

    String text() {
      return String.join("\n", lines);
    }

    Integer expectedStatus() {
      Matcher status = STATUS_COMMENT.matcher(comment);
      return status.matches() ? Integer.valueOf(status.group(1)) : null;
    }

    /** The body, when the comment shows one (a JSON object): its text, each "..." standing for any text. */
    Pattern expectedBody() {
      if (!comment.startsWith("{")) {
        return null;
      }
      StringBuilder regex = new StringBuilder();
      String[] parts = comment.split("\\.\\.\\.", -1);
      for (int i = 0; i < parts.length; i++) {
        regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }

  @Test
  @DisplayName("give the statuses and bodies their comments say, in the order the documents show them")
  void curlLinesAsDocumented(@TempDir Path dir) throws Exception {
    Path repository = RepositoryCopy.into(dir.resolve("repository"));
    Path curlHome = Files.createDirectories(dir.resolve("curl-home"));
    Files.writeString(curlHome.resolve(".curlrc"), "write-out = \"%{stderr}@@status %{http_code}\\n\"\nsilent\nshow-error\n");
    int port = FreePorts.next();

    List<String> failures = new ArrayList<>();
    int checked = 0;
    try (ServiceProcess service = ServiceProcess.start(repository,
      Map.of("USER_SERVICE_HTTP_HOST", "127.0.0.1", "USER_SERVICE_HTTP_PORT", String.valueOf(port)))) {
      service.awaitLog("listening on https://127.0.0.1:" + port, START);
      service.awaitLog("user-service node started", START); // the API listens before the store and hashers are up

      for (Section section : SECTIONS) {
        for (List<String> block : Markdown.read(Path.of(section.document())).codeBlocksUnder(section.heading())) {
          List<Command> commands = commands(section.document() + ", \"" + section.heading() + "\"", block);
          checked += run(commands, repository, curlHome, port, failures);
        }
      }
    }
    assertTrue(checked >= 12, "only " + checked + " commands checked: did a section lose its block?");
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + checked + " commands did not do what their documents say:\n\n" + String.join("\n\n", failures));
    }
  }

  /** The block's commands: a line, with the lines a trailing backslash continues it onto; comment lines dropped. */
  private static List<Command> commands(String section, List<String> block) {
    List<Command> commands = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String line : block) {
      if (lines.isEmpty() && (line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      lines.add(line);
      if (!line.endsWith("\\")) {
        commands.add(new Command(section, List.copyOf(lines), comment(line)));
        lines.clear();
      }
    }
    return commands;
  }

  /** The text after a {@code #} that starts a shell comment: outside quotes, after a blank. */
  private static String comment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(i + 1).trim();
      }
    }
    return "";
  }

  /** Runs a block's commands as one bash script and checks each; returns how many were run. */
  private static int run(List<Command> commands, Path repository, Path curlHome, int port, List<String> failures)
    throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    List<Command> run = new ArrayList<>();
    for (Command command : commands) {
      String skipped = SKIPPED.entrySet().stream().filter(skip -> command.text().startsWith(skip.getKey()))
        .map(Map.Entry::getValue).findFirst().orElse(null);
      if (skipped != null) {
        continue;
      }
      if (!command.text().contains("curl ")) {
        failures.add(command.section() + ": a command this test does not know: run it here or skip it with a reason\n" + command.text());
        continue;
      }
      if (!command.text().contains("localhost:8443")) {
        failures.add(command.section() + ": a command that does not talk to the service on localhost:8443\n" + command.text());
        continue;
      }
      if (command.expectedStatus() == null && command.expectedBody() == null && !command.comment().isEmpty()) {
        failures.add(command.section() + ": a comment that is neither a status nor a body: " + command.comment());
        continue;
      }
      int index = run.size();
      run.add(command);
      script.append("printf '\\n").append(MARKER).append(index).append("\\n'; printf '").append(MARKER).append(index).append("\\n' >&2\n");
      script.append(command.text().replace("localhost:8443", "localhost:" + port)).append('\n');
    }
    if (run.isEmpty()) {
      return 0;
    }

    Path scriptFile = Files.createTempFile(curlHome, "block", ".sh");
    Files.writeString(scriptFile, script);
    Path out = Files.createTempFile(curlHome, "out", ".txt");
    Path err = Files.createTempFile(curlHome, "err", ".txt");
    ProcessBuilder bash = new ProcessBuilder("bash", scriptFile.toString()).directory(repository.toFile())
      .redirectOutput(out.toFile()).redirectError(err.toFile());
    bash.environment().put("CURL_HOME", curlHome.toString());
    Process process = bash.start();
    if (!process.waitFor(BLOCK.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      failures.add("a block did not finish within " + BLOCK + ":\n" + script);
      return run.size();
    }
    List<String> stdout = segments(Files.readString(out), run.size());
    List<String> stderr = segments(Files.readString(err), run.size());

    for (int i = 0; i < run.size(); i++) {
      Command command = run.get(i);
      List<Integer> statuses = new ArrayList<>();
      Matcher written = WRITTEN_STATUS.matcher(stderr.get(i));
      while (written.find()) {
        statuses.add(Integer.valueOf(written.group(1)));
      }
      String problem = null;
      if (statuses.size() != 1) {
        problem = "expected one curl response, got statuses " + statuses;
      } else if (command.expectedStatus() != null && !command.expectedStatus().equals(statuses.get(0))) {
        problem = "expected status " + command.expectedStatus() + ", got " + statuses.get(0);
      } else if (command.expectedBody() != null && !command.expectedBody().matcher(stdout.get(i)).matches()) {
        problem = "expected the body " + command.comment() + ", each ... standing for any text";
      }
      if (problem != null) {
        failures.add(command.section() + ": " + problem + "\n" + command.text()
          + "\n  standard output: " + stdout.get(i) + "\n  standard error: " + stderr.get(i).replaceAll("@@status \\d{3}\\s*", "").trim());
      }
    }
    return run.size();
  }

  /** The output between the markers the script printed before each command, one piece per command. */
  private static List<String> segments(String output, int count) {
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int start = output.indexOf(MARKER + i + "\n");
      int end = i + 1 < count ? output.indexOf(MARKER + (i + 1) + "\n") : output.length();
      segments.add(start < 0 || end < start ? "" : output.substring(start + (MARKER + i + "\n").length(), end).strip());
    }
    return segments;
  }
}
