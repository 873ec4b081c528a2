package io.github.userservice.bench;

import io.github.userservice.bench.report.Profile;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not in a full run: where a login's CPU goes. A JFR recording (the JDK's "profile" settings, every compilation
 * recorded) of a warmed-up service during one window of logins at 16 clients, summed up by {@link Profile} into
 * bench/out/STAMP-profile.md, beside the recording itself.
 */
final class Profiling {

  private final Run run;

  Profiling(Run run) {
    this.run = run;
  }

  void measure(String stamp) {
    try {
      Path settings = run.file("profile.jfc");
      Path recording = run.workspace.out.resolve("profile.jfr");
      String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib/jfr/profile.jfc"));
      Files.writeString(settings, jfc.replaceAll("<setting name=\"threshold\" control=\"compiler-compilation-threshold\">[^<]*<",
        "<setting name=\"threshold\">0 ms<"));
      Bench.log("profile: the service, warmed up, then " + run.durations.secs() + " s of logins at 16 clients under JFR");
      Path pool = run.file("profile-pool.txt");
      Service service = Service.start(run.workspace, new Service.Spec("profile", ShippedParameters.ARGON2));
      run.client(service, "setup", "users=" + pool, "count=" + Run.POOL_USERS, "prefix=pool", "conc=4");
      run.warmup.untilCompiled(service, pool);
      jcmd(service.pid(), "JFR.start", "name=bench", "settings=" + settings, "filename=" + recording);
      List<JsonObject> window = run.client(service, "login", "section=profile", "users=" + pool, "conc=16", "reps=1",
        "secs=" + run.durations.secs(), "warmup=0");
      jcmd(service.pid(), "JFR.stop", "name=bench");
      String summary = Profile.summarize(recording, window.get(0).getLong("ok"));
      Files.writeString(run.workspace.out.resolve(stamp + "-profile.md"), summary);
      System.out.print(summary);
      service.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void jcmd(long pid, String... command) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
    args.addAll(List.of(command));
    try {
      Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes());
      if (jcmd.waitFor() != 0) {
        throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
