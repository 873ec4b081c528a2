package io.github.userservice.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Base64;
import java.util.UUID;

import static io.github.userservice.support.TestService.credentials;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An edge of a test cluster as its clients see it: HTTPS requests, users registered with the test's one password. */
public final class Edge {

  private final WebClient client;
  private final String password;

  public Edge(Vertx vertx, ClusterNode node, String password) {
    // the edge's self-signed certificate names localhost: on a host of its own it is still the one trusted, by its
    // file, but its name cannot match the address
    boolean loopback = node.host().loopback();
    this.client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setDefaultHost(loopback ? "localhost" : node.host().address())
      .setVerifyHost(loopback).setDefaultPort(node.httpsPort()).setTrustOptions(node.trust()));
    this.password = password;
  }

  public WebClient client() {
    return client;
  }

  public HttpResponse<Buffer> register(String login) {
    return post("/user/", credentials(login, password), null);
  }

  public HttpResponse<Buffer> login(String login, String password) {
    return post("/login", credentials(login, password), null);
  }

  /** A wrong password from this client address; its status, without waiting for it. */
  public Future<Integer> guess(String login, String clientAddress) {
    return send("/login", credentials(login, "a wrong guess " + UUID.randomUUID()), clientAddress);
  }

  public HttpResponse<Buffer> post(String path, String json, String forwardedFor) {
    return request(path, json, forwardedFor).await();
  }

  /** The status of a POST, without waiting for it. */
  public Future<Integer> send(String path, String json, String forwardedFor) {
    return request(path, json, forwardedFor).map(HttpResponse::statusCode);
  }

  /** A fresh access token of a user registered with the test's password. */
  public String token(String login) {
    HttpResponse<Buffer> response = login(login, password);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getString("accessToken");
  }

  public HttpResponse<Buffer> withToken(HttpMethod method, String path, String token) {
    return client.request(method, path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  public JsonObject jwks() {
    return client.get("/.well-known/jwks.json").send().await().bodyAsJsonObject();
  }

  public static String kidOf(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]))).getString("kid");
  }

  private Future<HttpResponse<Buffer>> request(String path, String json, String forwardedFor) {
    var request = client.post(path).putHeader("Content-Type", "application/json");
    if (forwardedFor != null) {
      // the test connects from loopback, which the edges trust as a proxy (the default): it names the client
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return request.sendBuffer(Buffer.buffer(json));
  }
}
