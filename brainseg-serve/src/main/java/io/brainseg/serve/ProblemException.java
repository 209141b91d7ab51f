package io.brainseg.serve;

/**
 * Thrown by request handling to answer with a {@link Problem}; the server's exception handler turns
 * it into the response (with {@code Retry-After} when set).
 */
final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final int retryAfterSeconds;

    ProblemException(int status, String slug, String title, String detail) {
        this(new Problem(status, slug, title, detail), 0, null);
    }

    ProblemException(Problem problem, int retryAfterSeconds, Throwable cause) {
        super(problem.detail(), cause);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Returns the problem. */
    Problem problem() {
        return problem;
    }

    /** Returns the seconds for {@code Retry-After}, or 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
