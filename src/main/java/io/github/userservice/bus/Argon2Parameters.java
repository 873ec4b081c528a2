package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

/**
 * The Argon2id parameters of a new hash, as a {@link HashRequest} carries them to a hasher. The wire names are this
 * record's own, not the configuration's: renaming a configuration key changes nothing on the bus. Checked on
 * construction, as any caller of the bus may send them.
 *
 * @param memoryKiB   memory per hash, at least 8 per lane
 * @param iterations  passes over the memory
 * @param parallelism lanes
 * @param saltLength  random salt bytes
 * @param hashLength  output bytes
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength) {

  public static final int MAX_MEMORY_KIB = 4_194_304;
  public static final int MAX_ITERATIONS = 100;
  public static final int MAX_PARALLELISM = 64;

  /** @throws IllegalArgumentException when a parameter is out of range */
  public Argon2Parameters {
    requireBetween("parallelism", parallelism, 1, MAX_PARALLELISM);
    requireBetween("memoryKiB", memoryKiB, 8 * parallelism, MAX_MEMORY_KIB);
    requireBetween("iterations", iterations, 1, MAX_ITERATIONS);
    requireBetween("saltLength", saltLength, 8, 64);
    requireBetween("hashLength", hashLength, 16, 64);
  }

  /** @throws IllegalArgumentException when a field is missing, not a whole number, or out of range */
  public static Argon2Parameters fromJson(JsonObject json) {
    return new Argon2Parameters(integer(json, "memoryKiB"), integer(json, "iterations"), integer(json, "parallelism"),
      integer(json, "saltLength"), integer(json, "hashLength"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("memoryKiB", memoryKiB).put("iterations", iterations).put("parallelism", parallelism)
      .put("saltLength", saltLength).put("hashLength", hashLength);
  }

  private static int integer(JsonObject json, String field) {
    if (json == null || !(json.getValue(field) instanceof Integer)) {
      throw new IllegalArgumentException("Argon2 parameter " + field + " must be a whole number");
    }
    return json.getInteger(field);
  }

  private static void requireBetween(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("Argon2 parameter " + name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
