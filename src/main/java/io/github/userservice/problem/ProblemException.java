package io.github.userservice.problem;

/**
 * Carries a {@link Problem} from a handler to the failure handler: handlers throw it or pass it to
 * {@code ctx.fail}. An expected outcome, not a bug, so it has no stack trace.
 */
public final class ProblemException extends RuntimeException {

  private final Problem problem;

  public ProblemException(Problem problem) {
    super(problem.title(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
