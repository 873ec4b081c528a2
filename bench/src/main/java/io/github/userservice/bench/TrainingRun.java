package io.github.userservice.bench;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * A class-data archive for the tuning pass: the service started once through ./run.sh with the archive-making option,
 * asked what a run asks (readiness, a registration, a login, a Bearer lookup), then stopped: the JVM writes the archive
 * as it exits. Made again when the jar is newer.
 */
final class TrainingRun {

  private final Path repo;
  private final Path jdk;

  TrainingRun(Path repo, Path jdk) {
    this.repo = repo;
    this.jdk = jdk;
  }

  void record(String option, Path archive) {
    try {
      FileTime jar = Files.getLastModifiedTime(repo.resolve("target/user-service.jar"));
      if (Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(jar) > 0) {
        return;
      }
      Bench.log("tune: training run for " + archive);
      Path dir = Files.createTempDirectory("user-service-train.");
      int port = FreePorts.next();
      Files.writeString(dir.resolve("config.json"), new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
        .put("tls", new JsonObject().put("certPath", dir.resolve("server.crt").toString()).put("keyPath", dir.resolve("server.key").toString()))
        .put("db", new JsonObject().put("path", dir.resolve("users.db").toString()))
        .put("tokens", new JsonObject().put("keysPath", dir.resolve("jwt-keys.json").toString())).encodePrettily());
      Map<String, String> environment = new java.util.HashMap<>(Map.of("JAVA_OPTS", "-XX:+UseSerialGC -Xmx256m " + option));
      if (jdk != null) {
        environment.put("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
      }
      Vertx vertx = Vertx.vertx();
      try (ServiceProcess service = ServiceProcess.script(dir, environment, repo.resolve("run.sh").toString(), "-conf", dir.resolve("config.json").toString())) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
          .setDefaultHost("127.0.0.1").setDefaultPort(port));
        for (int i = 0; i < 300; i++) {
          try {
            if (client.get("/health/ready").send().await().statusCode() == 200) {
              break;
            }
          } catch (Exception notYet) {
            // starting
          }
          Thread.sleep(100);
        }
        JsonObject trainer = new JsonObject().put("login", "trainer").put("password", Service.PASSWORD);
        client.post("/user/").sendJsonObject(trainer).await();
        String token = client.post("/login").sendJsonObject(trainer).await().bodyAsJsonObject().getString("accessToken");
        client.get("/user/trainer").bearerTokenAuthentication(token).send().await();
        service.terminate();
      } finally {
        vertx.close();
      }
      if (!Files.exists(archive)) {
        throw new IllegalStateException("the training run made no " + archive);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
