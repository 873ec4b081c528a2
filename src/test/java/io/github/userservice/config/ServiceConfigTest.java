package io.github.userservice.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Configuration")
class ServiceConfigTest {

  @Test
  @DisplayName("an empty configuration gives the documented defaults")
  void defaults() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject());

    assertEquals("0.0.0.0", config.http().host());
    assertEquals(8443, config.http().port());
    assertEquals(16_384, config.http().bodyLimitBytes());
    assertEquals("certs/server.crt", config.tls().certPath());
    assertEquals("certs/server.key", config.tls().keyPath());
    assertEquals("openssl", config.tls().engine());
    assertEquals("data/users.db", config.db().path());
    assertEquals(new ServiceConfig.Argon2(19_456, 2, 1, 16, 32, ServiceConfig.Argon2.Engine.AUTO, "sodium"), config.argon2());
    assertEquals(new ServiceConfig.Imports(14, 2_000_000, 64, 4, 65_536, 10), config.imports());
    assertEquals(8, config.password().minLength());
    assertEquals(Runtime.getRuntime().availableProcessors(), config.worker().instances());
  }

  @Test
  @DisplayName("conf/config.json holds exactly the defaults, so the file documents them")
  void shippedFileMatchesDefaults() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/config.json")));

    assertEquals(ServiceConfig.fromJson(new JsonObject()), ServiceConfig.fromJson(shipped));
  }

  @Test
  @DisplayName("given keys override the defaults, missing ones keep them")
  void overrides() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
      .put("http", new JsonObject().put("port", 9443))
      .put("argon2", new JsonObject().put("memoryKiB", 65_536)));

    assertEquals(9443, config.http().port());
    assertEquals("0.0.0.0", config.http().host());
    assertEquals(65_536, config.argon2().memoryKiB());
    assertEquals(2, config.argon2().iterations());
    assertEquals(ServiceConfig.Argon2.Engine.AUTO, config.argon2().engine());
  }

  @Test
  @DisplayName("the import limits are set key by key, the others keep their defaults")
  void importLimits() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject().put("imports", new JsonObject()
      .put("maxBcryptCost", 12)
      .put("maxArgon2MemoryKiB", 131_072)));

    assertEquals(new ServiceConfig.Imports(12, 2_000_000, 64, 4, 131_072, 10), config.imports());
  }

  @Test
  @DisplayName("the import limits admit the service's own Argon2 parameters, and never lower a limit")
  void importLimitsAdmitOwnParameters() {
    ServiceConfig.Imports limits = new ServiceConfig.Imports(14, 2_000_000, 64, 4, 65_536, 10);

    assertEquals(new ServiceConfig.Imports(14, 2_000_000, 64, 4, 131_072, 12), limits.admitting(new ServiceConfig.Argon2(131_072, 12, 1, 16, 32)));
    assertEquals(limits, limits.admitting(new ServiceConfig.Argon2(19_456, 2, 1, 16, 32)));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
    "{\"http\":{\"port\":\"8443\"}}                | configuration key 'http.port' must be a whole number between 1 and 65535",
    "{\"http\":{\"port\":70000}}                   | configuration key 'http.port' must be between 1 and 65535, got 70000",
    "{\"http\":{\"prot\":8443}}                    | unknown configuration key 'http.prot'",
    "{\"htp\":{}}                                  | unknown configuration key 'htp'",
    "{\"http\":8443}                               | configuration key 'http' must be an object",
    "{\"db\":{\"path\":\"\"}}                      | configuration key 'db.path' must be a non-empty string",
    "{\"db\":{\"url\":\"jdbc:postgresql://db/users\"}} | configuration key 'db.url' must be a PostgreSQL URI such as postgresql://users@127.0.0.1:5432/users",
    "{\"db\":{\"url\":\"postgresql://users:secret@db/users\"}} | configuration key 'db.url' must not hold a password: put it in db.passwordFile or the PGPASSWORD environment variable",
    "{\"db\":{\"url\":\"postgres://db/users?password=secret\"}} | configuration key 'db.url' must not hold a password: put it in db.passwordFile or the PGPASSWORD environment variable",
    "{\"db\":{\"passwordFile\":\"/run/secrets/db\"}} | configuration key 'db.passwordFile' applies to PostgreSQL only: set db.url too",
    "{\"tls\":{\"selfSignedIfMissing\":\"yes\"}}   | configuration key 'tls.selfSignedIfMissing' must be true or false",
    "{\"tls\":{\"engine\":\"boringssl\"}}       | configuration key 'tls.engine' must be \"openssl\" or \"jdk\", got \"boringssl\"",
    "{\"argon2\":{\"engine\":\"sodium\"}}         | configuration key 'argon2.engine' must be \"auto\", \"native\" or \"java\", got \"sodium\"",
    "{\"argon2\":{\"iterations\":1.5}}             | configuration key 'argon2.iterations' must be a whole number between 1 and 100",
    "{\"argon2\":{\"memoryKiB\":16,\"parallelism\":4}} | configuration key 'argon2.memoryKiB' must be at least 8 x argon2.parallelism (Argon2 needs 8 blocks per lane)",
    "{\"worker\":{\"instances\":0}}                | configuration key 'worker.instances' must be between 1 and 256, got 0",
    "{\"http\":{\"trustedProxies\":[\"nginx.local\"]}} | configuration key 'http.trustedProxies' must hold IP addresses or CIDR ranges, got 'nginx.local'",
    "{\"http\":{\"trustedProxies\":[\"10.0.0.0/33\"]}} | configuration key 'http.trustedProxies' must hold IP addresses or CIDR ranges, got '10.0.0.0/33'",
    "{\"management\":{\"port\":8443}}           | configuration key 'management.port' must differ from 'http.port' (both are 8443 on 127.0.0.1): use 0 to serve /metrics and health on the HTTPS port",
    "{\"worker\":{\"maxPendingHashes\":8}}      | configuration key 'worker.maxPendingHashes' was replaced by 'worker.maxQueueWaitMs' (hashes are admitted by their expected wait, default 1000 ms): remove it",
    "{\"imports\":[]}                              | configuration key 'imports' must be an object",
    "{\"imports\":{\"maxBcryptCost\":32}}        | configuration key 'imports.maxBcryptCost' must be between 4 and 31, got 32",
    "{\"imports\":{\"maxPbkdf2Iterations\":0}}   | configuration key 'imports.maxPbkdf2Iterations' must be between 1 and 100000000, got 0",
    "{\"imports\":{\"maxScryptMemoryMiB\":\"64\"}} | configuration key 'imports.maxScryptMemoryMiB' must be a whole number between 1 and 4096",
    "{\"imports\":{\"maxScryptParallelism\":65}} | configuration key 'imports.maxScryptParallelism' must be between 1 and 64, got 65",
    "{\"imports\":{\"maxArgon2MemoryKiB\":4}}    | configuration key 'imports.maxArgon2MemoryKiB' must be between 8 and 4194304, got 4",
    "{\"imports\":{\"maxArgon2Iterations\":0}}   | configuration key 'imports.maxArgon2Iterations' must be between 1 and 100, got 0",
    "{\"imports\":{\"maxArgon2MemoryKib\":65536}} | unknown configuration key 'imports.maxArgon2MemoryKib'"})
  @DisplayName("a wrong type, an out-of-range value or an unknown key is refused with a message naming the key")
  void refused(String json, String message) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromJson(new JsonObject(json)));

    assertEquals(message, error.getMessage());
  }

  @Test
  @DisplayName("mail is off by default; set, it defaults to port 587, STARTTLS required and 30-minute reset links")
  void mailDefaults() {
    assertFalse(ServiceConfig.fromJson(new JsonObject()).mail().enabled());

    ServiceConfig.Mail mail = ServiceConfig.fromJson(new JsonObject().put("mail", new JsonObject().put("host", "smtp.example.com")
      .put("from", "no-reply@example.com").put("appUrl", "https://app.example.com/account"))).mail();
    assertTrue(mail.enabled());
    assertEquals(587, mail.port());
    assertEquals(ServiceConfig.Mail.StartTls.REQUIRED, mail.startTls());
    assertEquals(30, mail.resetTokenMinutes());
    assertEquals("user-service", mail.serviceName());
  }

  @Test
  @DisplayName("without mail.appUrl the links open this service's own account page, on its port")
  void appUrlDefaultsToTheAccountPage() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject().put("http", new JsonObject().put("port", 9443))
      .put("mail", new JsonObject().put("host", "smtp.example.com").put("from", "no-reply@example.com")));

    assertEquals("https://localhost:9443/account/", config.mail().appUrl());
  }

  @Test
  @DisplayName("webauthn defaults to localhost on the default port; an origin outside the relying party id stops start-up")
  void webauthn() {
    ServiceConfig.Webauthn defaults = ServiceConfig.fromJson(new JsonObject()).webauthn();
    assertEquals("localhost", defaults.rpId());
    assertEquals(List.of("https://localhost:8443"), defaults.origins());
    assertEquals(List.of("https://localhost:9443"), ServiceConfig.fromJson(new JsonObject().put("http", new JsonObject().put("port", 9443)))
      .webauthn().origins(), "this service's own pages by default");
    assertEquals(List.of("http://localhost:3000"), ServiceConfig.fromJson(new JsonObject().put("webauthn", new JsonObject()
      .put("origins", new JsonArray().add("http://localhost:3000")))).webauthn().origins(), "http for localhost only, as browsers allow");

    for (JsonObject refused : List.of(
      new JsonObject().put("rpId", "example.com").put("origins", new JsonArray().add("https://evil.com")),
      new JsonObject().put("rpId", "example.com").put("origins", new JsonArray().add("http://example.com")),
      new JsonObject().put("rpId", "example.com").put("origins", new JsonArray().add("https://example.com/path")),
      new JsonObject().put("rpId", "https://example.com"),
      new JsonObject().put("origins", new JsonArray()))) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ServiceConfig.fromJson(new JsonObject().put("webauthn", refused)), refused::encode);
      assertTrue(error.getMessage().contains("webauthn."), error.getMessage());
    }
    assertEquals(List.of("https://accounts.example.com", "https://example.com:8443"), ServiceConfig.fromJson(new JsonObject().put("webauthn",
      new JsonObject().put("rpId", "example.com").put("origins", new JsonArray().add("https://accounts.example.com").add("https://example.com:8443"))))
      .webauthn().origins());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
    "{\"startTls\":\"none\"}                                    | mail.startTls",
    "{\"from\":null}                                              | mail.from",
    "{\"from\":\"no-reply@example.com\\r\\nBcc: x@example.com\"} | mail.from",
    "{\"appUrl\":\"http://app.example.com/account\"}            | mail.appUrl",
    "{\"appUrl\":\"https://app.example.com/#/account\"}         | mail.appUrl",
    "{\"username\":\"relay-user\"}                              | mail.passwordFile",
    "{\"username\":\"u\",\"passwordFile\":\"p\",\"startTls\":\"NONE\"} | mail.startTls",
    "{\"resetTokenMinutes\":0}                                    | mail.resetTokenMinutes",
    "{\"serviceName\":\"Example\\r\\nBcc: x@example.com\"}  | mail.serviceName",
    "{\"hots\":\"smtp.example.com\"}                            | mail.hots"})
  @DisplayName("a mail setting that would send mail wrongly, or in clear with a password, stops start-up naming its key")
  void mailRefused(String overrides, String key) {
    JsonObject mail = new JsonObject().put("host", "smtp.example.com").put("from", "no-reply@example.com")
      .put("appUrl", "https://app.example.com/account").mergeIn(new JsonObject(overrides));

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
      () -> ServiceConfig.fromJson(new JsonObject().put("mail", mail)));

    assertTrue(error.getMessage().contains("'" + key + "'"), error.getMessage());
  }

  @Test
  @DisplayName("CORS is off by default: no allowed origins")
  void corsOffByDefault() {
    ServiceConfig.Cors cors = ServiceConfig.fromJson(new JsonObject()).http().cors();

    assertEquals(List.of(), cors.allowedOrigins());
    assertFalse(cors.enabled());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "https://app.example.com,        https://app.example.com",
    "http://localhost:3000,          http://localhost:3000",
    "HTTPS://App.Example.COM,        https://app.example.com",
    "https://app.example.com:443,    https://app.example.com",
    "http://app.example.com:80,      http://app.example.com",
    "https://app.example.com:80,     https://app.example.com:80",
    "http://localhost:03000,         http://localhost:3000",
    "http://127.0.0.1:8080,          http://127.0.0.1:8080",
    "'http://[::1]:3000',            'http://[::1]:3000'",
    "'https://[2001:DB8:0:0::1]',    'https://[2001:db8::1]'",
    "https://xn--bcher-kva.example,  https://xn--bcher-kva.example"})
  @DisplayName("an allowed origin is kept as browsers send it: lower case, without its default port")
  void corsOriginNormalized(String entry, String origin) {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject().put("http", new JsonObject()
      .put("cors", new JsonObject().put("allowedOrigins", new io.vertx.core.json.JsonArray().add(entry)))));

    assertEquals(List.of(origin), config.http().cors().allowedOrigins());
    assertTrue(config.http().cors().enabled());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "*                               | is a wildcard: list each origin, scheme://host[:port]",
    "https://*.example.com           | is a wildcard: list each origin, scheme://host[:port]",
    "https://app.example.com/        | ends with a slash: an origin has no path, write scheme://host[:port]",
    "https://app.example.com/app     | has a path: an origin is scheme://host[:port]",
    "https://app.example.com?x=1     | has a query: an origin is scheme://host[:port]",
    "https://app.example.com#top     | has a fragment: an origin is scheme://host[:port]",
    "https://user@app.example.com    | has user information: an origin is scheme://host[:port]",
    "ftp://files.example.com         | is not an http or https origin",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop | is not an http or https origin",
    "null                            | is not an origin, scheme://host[:port]",
    "app.example.com                 | is not an origin, scheme://host[:port]",
    "https://                        | has a malformed host",
    "https://app..example.com        | has a malformed host",
    "https://app.example.com.        | has a malformed host",
    "https://app.example.com:        | has a malformed port",
    "https://app.example.com:http    | has a malformed port",
    "https://app.example.com:65536   | has a port out of range",
    "https://app.example.com:0       | has a port out of range",
    "https://bücher.example          | has a non-ASCII host: write it as browsers send it, in punycode (xn--...)",
    "http://127.0.0.01               | has a malformed IPv4 address: write four decimal numbers without leading zeros",
    "http://0x7f.0.0.1               | has a malformed IPv4 address: write four decimal numbers without leading zeros",
    "http://[fe80::1%eth0]           | has a malformed IPv6 address",
    "http://[::1                     | has a malformed host"})
  @DisplayName("an allowed origin that is not exactly scheme://host[:port] is refused with one line naming the key and the entry")
  void corsOriginRefused(String entry, String reason) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromJson(new JsonObject()
      .put("http", new JsonObject().put("cors", new JsonObject().put("allowedOrigins", new io.vertx.core.json.JsonArray().add(entry))))));

    assertEquals("configuration key 'http.cors.allowedOrigins' must hold origins such as https://app.example.com, but '" + entry + "' "
      + reason, error.getMessage());
  }

  @Test
  @DisplayName("a refused origin holding a line break is still reported on one line")
  void corsOriginRefusedOnOneLine() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.fromJson(new JsonObject()
      .put("http", new JsonObject().put("cors", new JsonObject().put("allowedOrigins", new io.vertx.core.json.JsonArray()
        .add("https://app.example.com\nX-Injected: yes"))))));

    assertFalse(error.getMessage().contains("\n"), error.getMessage());
    assertTrue(error.getMessage().contains("'https://app.example.com?X-Injected: yes'"), error.getMessage());
  }

  @ParameterizedTest(name = "USER_SERVICE_HTTP_CORS_ALLOWED_ORIGINS={0}")
  @CsvSource(delimiter = '|', value = {
    "https://app.example.com, http://localhost:3000",
    "[\"https://app.example.com\", \"http://localhost:3000\"]"})
  @DisplayName("USER_SERVICE_HTTP_CORS_ALLOWED_ORIGINS sets the origins, comma-separated or as a JSON array")
  void corsOriginsFromEnvironment(String value) {
    ServiceConfig config = ServiceConfig.fromJson(ServiceConfig.effective(new JsonObject(),
      ConfigOverrides.from(Map.of("USER_SERVICE_HTTP_CORS_ALLOWED_ORIGINS", value))));

    assertEquals(List.of("https://app.example.com", "http://localhost:3000"), config.http().cors().allowedOrigins());
  }

  @Test
  @DisplayName("a refused origin from the environment names the variable too")
  void corsOriginRefusedFromEnvironment() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.effective(new JsonObject(),
      ConfigOverrides.from(Map.of("USER_SERVICE_HTTP_CORS_ALLOWED_ORIGINS", "*"))));

    assertEquals("configuration key 'http.cors.allowedOrigins' (from USER_SERVICE_HTTP_CORS_ALLOWED_ORIGINS) must hold origins such as "
      + "https://app.example.com, but '*' is a wildcard: list each origin, scheme://host[:port]", error.getMessage());
  }

  @Test
  @DisplayName("db.url selects PostgreSQL, with its port, user and TLS mode in the URI; without it, SQLite at db.path")
  void postgresUrl() {
    ServiceConfig postgres = ServiceConfig.fromJson(new JsonObject().put("db", new JsonObject()
      .put("url", "postgresql://users@db.example:6432/users?sslmode=verify-full").put("passwordFile", "/run/secrets/db")));

    assertTrue(postgres.db().postgres());
    assertEquals("/run/secrets/db", postgres.db().passwordFile());
    assertFalse(ServiceConfig.fromJson(new JsonObject()).db().postgres());
  }

  @Test
  @DisplayName("the management port may equal the API port only on another address")
  void managementOnAnotherAddress() {
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject()
      .put("http", new JsonObject().put("host", "10.0.0.1").put("port", 8443))
      .put("management", new JsonObject().put("host", "127.0.0.1").put("port", 8443)));

    assertEquals(8443, config.management().port());
  }

  @Test
  @DisplayName("USER_SERVICE_* environment variables override the file's keys, with the key's type")
  void environmentOverrides() {
    JsonObject file = new JsonObject().put("http", new JsonObject().put("port", 9000).put("host", "0.0.0.0"));

    ServiceConfig config = ServiceConfig.fromJson(ServiceConfig.effective(file, ConfigOverrides.from(Map.of(
      "USER_SERVICE_HTTP_PORT", "9443",
      "USER_SERVICE_HTTP_BODY_LIMIT_BYTES", "4096",
      "USER_SERVICE_TLS_SELF_SIGNED_IF_MISSING", "false",
      "USER_SERVICE_ADMINS", "root@example.com, Ops@Example.com",
      "USER_SERVICE_HTTP_TRUSTED_PROXIES", "[\"10.0.0.0/8\"]",
      "USER_SERVICE_ARGON2_MEMORY_KIB", "65536",
      "USER_SERVICE_IMPORTS_MAX_BCRYPT_COST", "12",
      "PATH", "/usr/bin"))));

    assertEquals(9443, config.http().port());
    assertEquals("0.0.0.0", config.http().host());
    assertEquals(4096, config.http().bodyLimitBytes());
    assertFalse(config.tls().selfSignedIfMissing());
    assertEquals(List.of("root@example.com", "ops@example.com"), config.admins());
    assertEquals(List.of("10.0.0.0/8"), config.http().trustedProxies());
    assertEquals(65_536, config.argon2().memoryKiB());
    assertEquals(12, config.imports().maxBcryptCost());
  }

  @Test
  @DisplayName("the effective configuration holds every key, with its default where neither file nor environment set it")
  void effectiveIsComplete() {
    JsonObject effective = ServiceConfig.effective(new JsonObject(), ConfigOverrides.from(Map.of("USER_SERVICE_DB_PATH", "/var/lib/users.db")));

    assertEquals("/var/lib/users.db", effective.getJsonObject("db").getString("path"));
    assertEquals(8443, effective.getJsonObject("http").getInteger("port"));
    assertEquals("certs/server.crt", effective.getJsonObject("tls").getString("certPath"));
    assertEquals(ServiceConfig.fromJson(effective), ServiceConfig.fromJson(ServiceConfig.effective(effective, ConfigOverrides.from(Map.of()))));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "USER_SERVICE_HTTP_PORT       | eighty | configuration key 'http.port' (from USER_SERVICE_HTTP_PORT) must be a whole number between 1 and 65535",
    "USER_SERVICE_HTTP_PORT       | 0      | configuration key 'http.port' (from USER_SERVICE_HTTP_PORT) must be between 1 and 65535, got 0",
    "USER_SERVICE_TLS_SELF_SIGNED_IF_MISSING | yes | configuration key 'tls.selfSignedIfMissing' (from USER_SERVICE_TLS_SELF_SIGNED_IF_MISSING) must be true or false",
    "USER_SERVICE_HTTP_PROT       | 8443   | environment variable USER_SERVICE_HTTP_PROT names no configuration key"})
  @DisplayName("a wrong override, or a variable that names no key, is refused with a message naming the variable")
  void refusedOverride(String variable, String value, String message) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
      () -> ServiceConfig.effective(new JsonObject(), ConfigOverrides.from(Map.of(variable, value))));

    assertEquals(message, error.getMessage());
  }

  @Test
  @DisplayName("ConfigFile reads -conf FILE strictly and refuses duplicate keys")
  void strictFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"http\":{\"port\":1},\"http\":{\"port\":2}}");

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(new String[] {"-conf", file.toString()}));
    assertTrue(error.getMessage().contains("not a valid JSON object"), error.getMessage());
  }

  @Test
  @DisplayName("ConfigFile refuses a -conf file that does not exist instead of running on defaults")
  void missingFile() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(new String[] {"-conf", "no/such/file.json"}));

    assertTrue(error.getMessage().contains("no/such/file.json"), error.getMessage());
  }

  @Test
  @DisplayName("ConfigFile accepts inline JSON and the --conf=FILE form")
  void inlineAndEqualsForms(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, new JsonObject().put("http", new JsonObject().put("port", 9000)).encode());

    assertEquals(9001, ConfigFile.read(new String[] {"-conf", "{\"http\":{\"port\":9001}}"}).getJsonObject("http").getInteger("port"));
    assertEquals(9000, ConfigFile.read(new String[] {"--conf=" + file}).getJsonObject("http").getInteger("port"));
  }
}
