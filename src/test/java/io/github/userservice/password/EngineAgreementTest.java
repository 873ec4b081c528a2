package io.github.userservice.password;

import io.github.userservice.bus.Argon2Parameters;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.config.ServiceConfig.Argon2.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two Argon2id engines are interchangeable: each computes the reference tool's hashes, and what one hashes the
 * other verifies, for random passwords and parameters. libsodium must be installed (./run.sh test installs it).
 */
@DisplayName("libsodium and BouncyCastle compute the same Argon2id")
class EngineAgreementTest {

  private static final ServiceConfig.Imports IMPORT_LIMITS = ServiceConfig.fromJson(new JsonObject()).imports();
  private static final ServiceConfig.Argon2 DEFAULTS = new ServiceConfig.Argon2(19_456, 2, 1, 16, 32);
  private static final int RANDOM_CASES = 1_500;

  private final SodiumArgon2 sodium = SodiumArgon2.load(ServiceConfig.Argon2.DEFAULT_NATIVE_LIBRARY);
  private final BouncyCastleArgon2 bouncyCastle = new BouncyCastleArgon2(1, 1024);
  private final PasswordHasher nativeHasher = hasher(Engine.NATIVE);
  private final PasswordHasher javaHasher = hasher(Engine.JAVA);

  @Test
  @DisplayName("BouncyCastle, the engine of last resort, computes RFC 9106's Argon2id test vector")
  void rfc9106() {
    // RFC 9106, 5.3: Argon2id, m=32 KiB, t=3, p=4, password 32 x 0x01, salt 16 x 0x02, secret 8 x 0x03, associated data 12 x 0x04
    // (with a secret and associated data, and 4 lanes: libsodium takes none of them, so it is checked against the
    // reference tool below and against BouncyCastle at random)
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
      .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(32).withIterations(3).withParallelism(4)
      .withSalt(filled(16, 0x02)).withSecret(filled(8, 0x03)).withAdditional(filled(12, 0x04))
      .build());
    byte[] tag = new byte[32];
    generator.generateBytes(filled(32, 0x01), tag);

    assertArrayEquals(HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"), tag);
  }

  @ParameterizedTest(name = "{0} m={2} t={3} -> {5}")
  @CsvSource(delimiter = '|', value = {
    // echo -n PASSWORD | argon2 SALT -id -k M -t T -p 1 -l L -r   (the reference tool, Debian package argon2)
    "correct horse battery  | saltsaltsaltsalt | 19456 | 2 | 32 | 88f390e5fd8edb516c8e706fa3502215c0ee4977220a7294ad714efb27e03683",
    "пароль 🔑 çé            | 0123456789abcdef | 512   | 3 | 16 | 29c4329fa2bcaaa901790b7ac08d8eb1",
    "x                      | 0123456789abcdef | 8     | 1 | 64 | b55123cf68e78ebf7521561e038b582b35c0b7e52f0e0a2c2cff9f07b522c62a9201a45879f38ba58344331bdd256dd71cb2af614bf5b6df92e0e0fe0dbdcb6c",
    "user-service self-test | self-test salt16 | 64    | 2 | 32 | a1605b250cd7af10de15fe68c81f7d97955b0d83bf531e418c65a4591264748d",
  })
  @DisplayName("both engines compute the reference tool's hashes")
  void referenceVectors(String password, String salt, int memoryKiB, int iterations, int length, String expected) {
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    byte[] saltBytes = salt.getBytes(StandardCharsets.UTF_8);

    assertEquals(expected, HexFormat.of().formatHex(sodium.compute(memoryKiB, iterations, 1, saltBytes, length, secret)), "libsodium");
    assertEquals(expected, HexFormat.of().formatHex(bouncyCastle.compute(memoryKiB, iterations, 1, saltBytes, length, secret)), "BouncyCastle");
  }

  @Test
  @DisplayName("what libsodium hashes BouncyCastle verifies, for random passwords and parameters")
  void nativeHashesVerifyInJava() {
    assertCrossVerified(nativeHasher, javaHasher, new Random(20261203L));
  }

  @Test
  @DisplayName("what BouncyCastle hashes libsodium verifies, for random passwords and parameters")
  void javaHashesVerifyNatively() {
    assertCrossVerified(javaHasher, nativeHasher, new Random(20261204L));
  }

  @Test
  @DisplayName("at the shipped parameters, a hash by either engine verifies with the other, and a wrong password with neither")
  void shippedParameters() {
    for (PasswordHasher[] pair : new PasswordHasher[][] {{nativeHasher, javaHasher}, {javaHasher, nativeHasher}}) {
      String stored = pair[0].hash("correct horse battery staple", DEFAULTS.parameters());
      assertTrue(pair[1].verify(stored, "correct horse battery staple"), pair[0].engine() + " -> " + pair[1].engine());
      assertFalse(pair[1].verify(stored, "correct horse battery stapler"), pair[0].engine() + " -> " + pair[1].engine());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // echo -n 'correct horse battery' | argon2 SALT -id|-i -k M -t T -p P -l 32 [-v 10] -e   (the reference tool)
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM",
    "$argon2id$v=19$m=256,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$1KcQDo+G8anPI9GBcERkBFZu5U1bK310vuCGNprvEDw",
    "$argon2id$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0$fanWuQx7fs8obA2HS/t3IIFfRiMZ2GQSUPe/LP4RyEc",
    "$argon2i$v=19$m=256,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$gQuBv4zhBchBqJQZL4Pajso/bI69AzkolaGF5VjvPCw",
  })
  @DisplayName("stored and imported hashes (two lanes, a 12-byte salt, argon2i) verify with the native engine as before")
  void storedHashes(String stored) {
    assertTrue(nativeHasher.verify(stored, "correct horse battery"));
    assertFalse(nativeHasher.verify(stored, "correct horse batterY"));
    assertTrue(javaHasher.verify(stored, "correct horse battery"));
  }

  /** Random passwords (ASCII, any Unicode, long, empty) and parameters, some of them for BouncyCastle alone. */
  private static void assertCrossVerified(PasswordHasher hashing, PasswordHasher verifying, Random random) {
    for (int i = 0; i < RANDOM_CASES; i++) {
      String password = RandomPasswords.next(random);
      Argon2Parameters parameters = randomParameters(random, i);
      String stored = hashing.hash(password, parameters);
      String label = "case " + i + " " + parameters + ", password of " + password.length() + " chars";
      assertTrue(verifying.verify(stored, password), label);
      assertFalse(verifying.verify(stored, password + "!"), label);
    }
  }

  /** One lane and 16-byte salts mostly (libsodium's), every tenth otherwise (BouncyCastle's, whichever hasher). */
  private static Argon2Parameters randomParameters(Random random, int i) {
    boolean sodiums = i % 10 != 0;
    int parallelism = sodiums ? 1 : 1 + random.nextInt(4);
    int memoryKiB = 8 * parallelism + random.nextInt(1024);
    int saltLength = sodiums ? 16 : 8 + random.nextInt(57);
    return new Argon2Parameters(memoryKiB, 1 + random.nextInt(3), parallelism, saltLength, 16 + random.nextInt(49));
  }

  private static PasswordHasher hasher(Engine engine) {
    PasswordHasher hasher = new PasswordHasher(1, DEFAULTS.withEngine(engine), IMPORT_LIMITS, new SimpleMeterRegistry());
    assertEquals(engine.key(), hasher.engine());
    return hasher;
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
