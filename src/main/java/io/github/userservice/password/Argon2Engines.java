package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Chooses, once at start, what computes the service's own Argon2id ({@code argon2.engine}): with {@code auto}
 * libsodium where it loads and passes a known-answer test, else BouncyCastle, saying why in one log line; with
 * {@code native} libsodium or no start; with {@code java} BouncyCastle. Logs the engine chosen.
 */
final class Argon2Engines {

  private static final Logger LOG = LoggerFactory.getLogger(Argon2Engines.class);

  // echo -n 'user-service self-test' | argon2 'self-test salt16' -id -k 64 -t 2 -p 1 -l 32 -r  (the reference tool)
  private static final byte[] TEST_PASSWORD = "user-service self-test".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TEST_SALT = "self-test salt16".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TEST_HASH = HexFormat.of().parseHex("a1605b250cd7af10de15fe68c81f7d97955b0d83bf531e418c65a4591264748d");

  private Argon2Engines() {
  }

  /**
   * The engine the configuration asks for.
   *
   * @param java BouncyCastle, chosen when asked for, or as the fallback of {@code auto}
   * @throws IllegalStateException with {@code native} when libsodium cannot be loaded or fails its known-answer test
   */
  static Argon2Engine choose(ServiceConfig.Argon2 config, BouncyCastleArgon2 java) {
    if (config.engine() == ServiceConfig.Argon2.Engine.JAVA) {
      return chosen(java, "as argon2.engine asks");
    }
    try {
      Argon2Engine loaded = SodiumArgon2.load(config.nativeLibrary());
      requireKnownAnswer(loaded);
      return chosen(loaded, config.engine() == ServiceConfig.Argon2.Engine.AUTO ? "found" : "as argon2.engine asks");
    } catch (LinkageError | RuntimeException unavailable) {
      String why = "libsodium ('" + config.nativeLibrary() + "') " + reason(unavailable);
      if (config.engine() == ServiceConfig.Argon2.Engine.NATIVE) {
        throw new IllegalStateException("argon2.engine is native, but " + why, unavailable);
      }
      BouncyCastleJitShape.pin();
      LOG.warn("Argon2id engine: {} ({}), the fallback, slower: {} (install Debian's libsodium23, or set argon2.engine to java)",
        java.name(), java.implementation(), why);
      return java;
    }
  }

  /** @throws IllegalStateException when the engine does not compute the reference tool's hash */
  static void requireKnownAnswer(Argon2Engine engine) {
    byte[] computed = engine.compute(64, 2, 1, TEST_SALT, TEST_HASH.length, TEST_PASSWORD);
    if (!MessageDigest.isEqual(computed, TEST_HASH)) {
      throw new IllegalStateException("computed a wrong Argon2id hash in its known-answer test");
    }
  }

  private static Argon2Engine chosen(Argon2Engine engine, String how) {
    if (engine instanceof BouncyCastleArgon2) {
      // before its first hash, so that the JIT compiles its block function in the fast shape
      BouncyCastleJitShape.pin();
    }
    LOG.info("Argon2id engine: {} ({}), {}", engine.name(), engine.implementation(), how);
    return engine;
  }

  /** The first line of why: a load failure's message runs over many lines of searched paths. */
  private static String reason(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName()
      : failure.getMessage().lines().findFirst().orElse("").replaceAll(":+$", "");
    return failure instanceof LinkageError ? "could not be loaded: " + message : "is unusable: " + message;
  }
}
