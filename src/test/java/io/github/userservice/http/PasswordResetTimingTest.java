package io.github.userservice.http;

import io.github.userservice.support.Backend;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.StoredUsers;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.github.userservice.support.TestService.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether a reset request's answer tells who exists by its timing. Known accounts (each with a verified address, each
 * asked once, so that every one of them really gets a token and a mail) and unknown logins are asked in one shuffled
 * sequence, one request at a time, so that the machine's load falls on both alike; then a Mann-Whitney rank test
 * compares the two samples. A service that looked the account up, or wrote its mail, before answering would make the
 * known ones slower by a database transaction each (a few milliseconds with an fsync), which shifts every rank; the
 * test reports the smallest shift it could have told apart on this run's noise.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(VertxExtension.class)
@Timeout(300_000)
@DisplayName("A reset request takes the same time whether or not the account exists")
class PasswordResetTimingTest {

  private static final int PER_KIND = 60;
  private static final int WARM_UP = 30;
  /** |z| beyond this: a difference at a two-sided p below 0.001. */
  private static final double CRITICAL_Z = 3.29;

  @Parameter
  Backend backend;

  private MailCatcher mail;

  @AfterEach
  void stop() {
    if (mail != null) {
      mail.close();
    }
  }

  @Test
  @DisplayName("known and unknown accounts, shuffled together: byte-identical 202s, and a rank test finds no difference in time")
  void indistinguishable(Vertx vertx, @TempDir Path dir) throws InterruptedException {
    mail = MailCatcher.start();
    TestService service = new TestService(vertx, dir, backend);
    service.config().put("mail", mail.config()).getJsonObject("throttle").put("passwordResetsPerAddressPerHour", 0);
    service.deploy().await();
    for (int i = 0; i < PER_KIND + WARM_UP; i++) {
      assertEquals(201, service.postJson("/user/", new JsonObject().put("login", "known" + i).put("password", PASSWORD)
        .put("email", "known" + i + "@example.com").encode()).await().statusCode());
    }
    try (StoredUsers stored = service.storedUsers()) {
      stored.verifyEveryAddress();
    }
    byte[] expected = reset(service, "known0").body().getBytes();
    for (int i = 1; i < WARM_UP; i++) {
      reset(service, i % 2 == 0 ? "known" + i : "warm-up-nobody" + i);
    }

    List<String> order = new ArrayList<>();
    IntStream.range(WARM_UP, WARM_UP + PER_KIND).forEach(i -> order.add("known" + i));
    IntStream.range(0, PER_KIND).forEach(i -> order.add("nobody" + i));
    Collections.shuffle(order, new Random(20261203));
    List<Double> known = new ArrayList<>();
    List<Double> unknown = new ArrayList<>();
    for (String login : order) {
      long start = System.nanoTime();
      HttpResponse<Buffer> answer = reset(service, login);
      double millis = (System.nanoTime() - start) / 1e6;
      assertEquals(202, answer.statusCode());
      assertArrayEquals(expected, answer.body().getBytes(), "the same bytes for " + login);
      (login.startsWith("known") ? known : unknown).add(millis);
    }

    // every known account really got its mail: the work the answer must not wait for was done
    mail.awaitMail("known" + (WARM_UP + PER_KIND - 1) + "@example.com", 1, Duration.ofSeconds(60));
    double z = mannWhitneyZ(known, unknown);
    double detectable = detectableShift(known, unknown);
    String summary = String.format("known median %.2f ms, unknown median %.2f ms, z = %.2f; a shift of %.1f ms would have been found",
      median(known), median(unknown), z, detectable);
    System.out.println(summary);
    assertTrue(Math.abs(z) < CRITICAL_Z, summary);
  }

  private static HttpResponse<Buffer> reset(TestService service, String login) {
    return service.postJson("/password-reset", new JsonObject().put("login", login).encode()).await();
  }

  /** The Mann-Whitney U statistic of {@code a} against {@code b}, standardized (ties get their average rank). */
  static double mannWhitneyZ(List<Double> a, List<Double> b) {
    int n1 = a.size();
    int n2 = b.size();
    double[][] all = new double[n1 + n2][];
    for (int i = 0; i < n1; i++) {
      all[i] = new double[] {a.get(i), 0};
    }
    for (int i = 0; i < n2; i++) {
      all[n1 + i] = new double[] {b.get(i), 1};
    }
    Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
    double rankSumA = 0;
    for (int i = 0; i < all.length; ) {
      int j = i;
      while (j < all.length && all[j][0] == all[i][0]) {
        j++;
      }
      double rank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (all[k][1] == 0) {
          rankSumA += rank;
        }
      }
      i = j;
    }
    double u = rankSumA - n1 * (n1 + 1) / 2.0;
    double mean = n1 * (double) n2 / 2;
    double sd = Math.sqrt(n1 * (double) n2 * (n1 + n2 + 1) / 12);
    return (u - mean) / sd;
  }

  /** The smallest added delay (in 0.5 ms steps) to {@code a} that this test would have flagged on these samples. */
  static double detectableShift(List<Double> a, List<Double> b) {
    for (double shift = 0.5; shift < 1_000; shift += 0.5) {
      double by = shift;
      if (mannWhitneyZ(a.stream().map(value -> value + by).toList(), b) >= CRITICAL_Z) {
        return shift;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}
