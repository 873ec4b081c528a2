package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.config.ServiceConfig.Argon2.Engine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code argon2.engine} and what happens where libsodium cannot be had: the library is made missing through
 * {@code argon2.nativeLibrary} (a path where there is none, or a library that is not libsodium), nothing is mocked.
 */
@DisplayName("Choosing the Argon2id engine at start")
class EngineChoiceTest {

  private static final ServiceConfig.Argon2 SMALL = new ServiceConfig.Argon2(256, 1, 1, 16, 32);
  private static final ServiceConfig.Imports IMPORT_LIMITS = ServiceConfig.fromJson(new JsonObject()).imports();
  private static final String MISSING = "/nonexistent/libsodium.so.23";

  @Test
  @DisplayName("auto, the default, computes natively where libsodium is installed")
  void autoFindsLibsodium() {
    assertEquals(Engine.AUTO, ServiceConfig.fromJson(new JsonObject()).argon2().engine());
    assertEquals("native", roundTrip(SMALL));
  }

  @Test
  @DisplayName("argon2.engine java computes with BouncyCastle, libsodium or not")
  void javaAsAsked() {
    assertEquals("java", roundTrip(SMALL.withEngine(Engine.JAVA)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {MISSING, "m"})
  @DisplayName("auto falls back to BouncyCastle where libsodium cannot be loaded, or the library is not libsodium (here libm)")
  void autoFallsBack(String library) {
    assertEquals("java", roundTrip(withLibrary(Engine.AUTO, library)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {MISSING, "m"})
  @DisplayName("argon2.engine native refuses to start without libsodium, and says why")
  void nativeRefuses(String library) {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
      () -> new PasswordHasher(1, withLibrary(Engine.NATIVE, library), IMPORT_LIMITS, new SimpleMeterRegistry()));

    assertTrue(refused.getMessage().startsWith("argon2.engine is native, but libsodium ('" + library + "') "), refused.getMessage());
  }

  @Test
  @DisplayName("a path to libsodium's file loads as well as its name")
  void libraryByPath() {
    assertEquals("native", roundTrip(withLibrary(Engine.NATIVE, "/usr/lib/x86_64-linux-gnu/libsodium.so.23")));
  }

  @Test
  @DisplayName("/metrics names the engine: argon2_engine_info{engine, implementation} 1")
  void engineMetric() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new PasswordHasher(1, SMALL, IMPORT_LIMITS, registry);
    new PasswordHasher(1, SMALL.withEngine(Engine.JAVA), IMPORT_LIMITS, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    String scrape = registry.scrape();
    assertTrue(scrape.contains("argon2_engine_info{engine=\"native\",implementation=\"libsodium 1.0.18"), scrape);
  }

  @Test
  @DisplayName("an engine that computes a wrong hash fails the known-answer test")
  void knownAnswer() {
    Argon2Engine wrong = new Argon2Engine() {
      private final BouncyCastleArgon2 right = new BouncyCastleArgon2(0, 0);

      @Override
      public String name() {
        return "wrong";
      }

      @Override
      public String implementation() {
        return "BouncyCastle with one pass too many";
      }

      @Override
      public boolean accepts(int parallelism, int saltLength, int length) {
        return true;
      }

      @Override
      public byte[] compute(int memoryKiB, int iterations, int parallelism, byte[] salt, int length, byte[] password) {
        return right.compute(memoryKiB, iterations + 1, parallelism, salt, length, password);
      }
    };

    assertThrows(IllegalStateException.class, () -> Argon2Engines.requireKnownAnswer(wrong));
    Argon2Engines.requireKnownAnswer(new BouncyCastleArgon2(0, 0));
  }

  /** Hashes and verifies with a hasher of this configuration; returns its engine. */
  private static String roundTrip(ServiceConfig.Argon2 config) {
    PasswordHasher hasher = new PasswordHasher(1, config, IMPORT_LIMITS, new SimpleMeterRegistry());
    String stored = hasher.hash("correct horse battery", config.parameters());
    assertTrue(hasher.verify(stored, "correct horse battery"));
    assertFalse(hasher.verify(stored, "correct horse batterY"));
    return hasher.engine();
  }

  private static ServiceConfig.Argon2 withLibrary(Engine engine, String library) {
    return new ServiceConfig.Argon2(SMALL.memoryKiB(), SMALL.iterations(), SMALL.parallelism(), SMALL.saltLength(), SMALL.hashLength(), engine, library);
  }
}
