package io.github.userservice.http;

/**
 * Carries a {@link Problem} from a handler to the failure handler: handlers throw it or pass it to
 * {@code ctx.fail}. An expected outcome, not a bug, so it has no stack trace.
 */
final class ProblemException extends RuntimeException {

  private final Problem problem;

  ProblemException(Problem problem) {
    super(problem.title(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
