package io.github.userservice.command;

import io.github.userservice.support.JarCommand;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("java -jar user-service.jar config [-conf FILE] [KEY...]")
class ConfigCommandIT {

  @Test
  @DisplayName("prints each key's value, one per line: the variable over the file, the file over the default")
  void values(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("service.json"), new JsonObject()
      .put("http", new JsonObject().put("port", 9443).put("bodyLimitBytes", 4096)).encode());

    JarCommand.Result result = JarCommand.run(dir, Map.of("USER_SERVICE_HTTP_PORT", "10443"),
      "config", "-conf", "service.json", "http.port", "http.bodyLimitBytes", "tls.certPath");

    assertEquals(0, result.status(), result.both());
    assertEquals("10443\n4096\ncerts/server.crt\n", result.out());
  }

  @Test
  @DisplayName("reads conf/config.json when no -conf is given, as a start does")
  void defaultFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.json"), "{\"tls\": {\"keyPath\": \"/etc/user-service/server.key\"}}");

    JarCommand.Result result = JarCommand.run(dir, "config", "tls.keyPath");

    assertEquals("/etc/user-service/server.key\n", result.out(), result.both());
  }

  @Test
  @DisplayName("without keys it prints the whole effective configuration as JSON, defaults filled in")
  void whole(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, Map.of("USER_SERVICE_ARGON2_ITERATIONS", "3"), "config", "--conf={\"db\":{\"path\":\"x.db\"}}");

    assertEquals(0, result.status(), result.both());
    JsonObject effective = new JsonObject(result.out());
    assertEquals("x.db", effective.getJsonObject("db").getString("path"));
    assertEquals(3, effective.getJsonObject("argon2").getInteger("iterations"));
    assertEquals(19456, effective.getJsonObject("argon2").getInteger("memoryKiB"));
    assertTrue(effective.containsKey("cluster") && effective.containsKey("tokens") && effective.containsKey("throttle"), result.out());
  }

  @Test
  @DisplayName("a name that is no key exits 2 naming it, and prints no value at all")
  void unknownKey(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "config", "http.port", "http.prot");

    assertEquals(2, result.status(), result.both());
    assertEquals("", result.out());
    assertEquals("Cannot read the configuration: 'http.prot' is not a configuration key with a value\n", result.err());
  }

  @Test
  @DisplayName("a configuration a start would refuse is refused the same way; a password in db.url is never printed")
  void refusedConfiguration(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, Map.of("USER_SERVICE_DB_URL", "postgresql://users:hunter2-secret@db/users"), "config");

    assertEquals(2, result.status(), result.both());
    assertTrue(result.err().contains("'db.url' (from USER_SERVICE_DB_URL) must not hold a password"), result.both());
    assertFalse(result.both().contains("hunter2-secret"), result.both());
  }

  @Test
  @DisplayName("an option it does not know exits 2 with its usage line")
  void unknownOption(@TempDir Path dir) {
    JarCommand.Result result = JarCommand.run(dir, "config", "--all");

    assertEquals(2, result.status(), result.both());
    assertEquals("usage: java -jar user-service.jar config [-conf FILE] [KEY...]\n", result.err());
  }
}
