package io.github.userservice;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI document under a maintained linter: Redocly CLI, pinned in {@code src/test/openapi-lint/package-lock.json},
 * which {@code ./run.sh test} installs into {@code target/openapi-lint} with {@code npm ci} (and Node.js and npm from
 * Debian's packages when they are missing). Its configuration, {@code src/test/openapi-lint/redocly.yaml}, keeps
 * Redocly's recommended rules and makes every warning an error, so the linter's exit status is the verdict and its own
 * report the failure message. It runs offline: telemetry and the update check are off. A machine without Node.js may
 * skip this explicitly with {@code -DskipLint=true} or {@code SKIP_LINT_TESTS=1}; otherwise a missing linter fails
 * the test.
 */
@DisplayName("The OpenAPI document under Redocly's linter")
@DisabledIfSystemProperty(named = "skipLint", matches = "true", disabledReason = "skipped on request: -DskipLint=true")
@DisabledIfEnvironmentVariable(named = "SKIP_LINT_TESTS", matches = "1", disabledReason = "skipped on request: SKIP_LINT_TESTS=1")
class OpenApiLintIT {

  private static final Path PINNED = Path.of("src/test/openapi-lint");
  private static final Path INSTALLED = Path.of("target/openapi-lint");
  private static final Path CLI = INSTALLED.resolve("node_modules/@redocly/cli/bin/cli.js");
  private static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");

  @BeforeEach
  void installed() throws IOException {
    if (!Files.isRegularFile(CLI)) {
      fail("Redocly CLI is not installed in " + INSTALLED + ": run ./run.sh test, which installs it (-DskipLint=true skips this test)");
    }
    Path installedLock = INSTALLED.resolve("package-lock.json");
    if (!Files.isRegularFile(installedLock)
      || !Files.readString(PINNED.resolve("package-lock.json")).equals(Files.readString(installedLock))) {
      fail(INSTALLED + " is not the Redocly CLI that " + PINNED + "/package-lock.json pins: run ./run.sh test, which installs it");
    }
  }

  @Test
  @DisplayName("Redocly's recommended rules find no error and no warning in openapi.yaml")
  void documentPasses() throws Exception {
    Lint lint = lint(DOCUMENT);

    assertEquals(0, lint.exitCode(), () -> "redocly lint failed:\n" + lint.output());
  }

  @Test
  @DisplayName("a problem that the recommended rules only warn about fails the lint too")
  void warningFails(@TempDir Path dir) throws Exception {
    // clean but for one warning of the recommended rules: a server on example.com
    Path document = Files.writeString(dir.resolve("openapi.yaml"), String.join("\n",
      "openapi: 3.1.0",
      "info: {title: one warning, version: '1', license: {name: Apache-2.0, identifier: Apache-2.0}}",
      "servers: [{url: 'https://example.com'}]",
      "paths:",
      "  /ping:",
      "    get:",
      "      operationId: ping",
      "      summary: Ping",
      "      security: []",
      "      responses: {'200': {description: pong}, '404': {description: no pong}}",
      ""));

    Lint lint = lint(document);

    assertNotEquals(0, lint.exitCode(), lint::output);
    assertTrue(lint.output().contains("no-server-example.com"), lint::output);
  }

  /** {@code redocly lint} with the project's configuration: its exit status and everything it printed. */
  private static Lint lint(Path document) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("node", CLI.toString(), "lint",
      "--config", PINNED.resolve("redocly.yaml").toString(), document.toString()))
      .redirectErrorStream(true);
    // no network: no usage data (redocly.yaml says so too), no check for a newer version
    builder.environment().putAll(Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true", "NO_COLOR", "1"));
    Process redocly;
    try {
      redocly = builder.start();
    } catch (IOException e) {
      return fail("node is not installed: run ./run.sh test, which installs it (-DskipLint=true skips this test)", e);
    }
    String output = new String(redocly.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!redocly.waitFor(60, TimeUnit.SECONDS)) {
      redocly.destroyForcibly();
      fail("redocly lint did not finish:\n" + output);
    }
    return new Lint(redocly.exitValue(), output);
  }

  private record Lint(int exitCode, String output) {
  }
}
