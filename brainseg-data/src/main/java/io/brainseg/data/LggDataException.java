package io.brainseg.data;

import java.util.List;

/**
 * Bad or unreadable input in a kaggle_3m dataset. The message always names the file (or folder)
 * and the problem; {@link #getProblems()} lists every problem found when several were collected
 * in one pass (for example all slices without a mask), so a user fixes them all at once.
 *
 * <p>Unchecked, like {@link java.io.UncheckedIOException}: a broken dataset is not something a
 * caller can recover from locally, and the data layer is used inside streams and background
 * threads. The underlying cause (an {@link java.io.IOException} from the TIFF reader, say) is kept.
 */
public class LggDataException extends RuntimeException {

    /** Every problem found, one message each (part of the serialized form). */
    private final List<String> problems;

    /**
     * Creates an exception for one problem.
     *
     * @param message the file and the problem
     */
    public LggDataException(String message) {
        this(message, (Throwable) null);
    }

    /**
     * Creates an exception for one problem with its cause.
     *
     * @param message the file and the problem
     * @param cause the underlying error, or null
     */
    public LggDataException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /**
     * Creates an exception summarising several problems.
     *
     * @param summary what was being done, for example "kaggle_3m folder /data/kaggle_3m is invalid"
     * @param problems every problem, each naming its file
     */
    public LggDataException(String summary, List<String> problems) {
        super(format(summary, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every problem found, each naming its file; a single-problem exception returns its
     * message.
     *
     * @return the problems, never empty
     */
    public List<String> getProblems() {
        return problems;
    }

    private static String format(String summary, List<String> problems) {
        StringBuilder sb = new StringBuilder(summary)
                .append(": ")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        int shown = Math.min(problems.size(), 20);
        for (int i = 0; i < shown; i++) {
            sb.append(System.lineSeparator()).append("  - ").append(problems.get(i));
        }
        if (shown < problems.size()) {
            sb.append(System.lineSeparator())
                    .append("  ... and ")
                    .append(problems.size() - shown)
                    .append(" more (see getProblems())");
        }
        return sb.toString();
    }
}
