package io.github.userservice.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Path;

/**
 * HTTPS to the packaged jar started in a folder of its own: localhost on the jar's port, trusting only the certificate
 * the jar made at its first start in {@code certs/server.crt}. That file exists only once the jar has started, so each
 * call reads it afresh (a restarted jar in a new folder makes another).
 */
public final class PackagedJarClient {

  private final Vertx vertx;
  private final Path dir;
  private final int port;

  public PackagedJarClient(Vertx vertx, Path dir, int port) {
    this.vertx = vertx;
    this.dir = dir;
    this.port = port;
  }

  public WebClient client() {
    return WebClient.create(vertx, new WebClientOptions().setSsl(true).setDefaultHost("localhost").setDefaultPort(port)
      .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("certs/server.crt").toString())));
  }

  public HttpResponse<Buffer> post(String path, String json) {
    return client().post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(json)).await();
  }
}
