package io.brainseg.models.interop;

import java.util.List;

/**
 * A state dict does not fit a network: every missing key, unexpected key, wrong shape and wrong
 * dtype at once, so a user fixes the configuration in one go (PyTorch's
 * {@code load_state_dict(strict=True)} reports the same three lists).
 */
public class StateDictMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Keys the network needs that the file lacks. */
    private final List<String> missing;
    /** Keys in the file the network does not have. */
    private final List<String> unexpected;
    /** Keys whose shape differs, with both shapes. */
    private final List<String> wrongShape;
    /** Keys whose dtype differs, with both dtypes. */
    private final List<String> wrongType;

    /**
     * Creates the exception.
     *
     * @param context what was loaded into what, for the message
     * @param missing keys the network needs that the file lacks
     * @param unexpected keys in the file the network does not have
     * @param wrongShape {@code key: file shape vs network shape} descriptions
     * @param wrongType {@code key: file dtype vs expected dtype} descriptions
     */
    public StateDictMismatchException(
            String context,
            List<String> missing,
            List<String> unexpected,
            List<String> wrongShape,
            List<String> wrongType) {
        super(message(context, missing, unexpected, wrongShape, wrongType));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.wrongShape = List.copyOf(wrongShape);
        this.wrongType = List.copyOf(wrongType);
    }

    private static String message(
            String context,
            List<String> missing,
            List<String> unexpected,
            List<String> wrongShape,
            List<String> wrongType) {
        StringBuilder sb = new StringBuilder(context)
                .append(": ")
                .append(missing.size() + unexpected.size() + wrongShape.size() + wrongType.size())
                .append(" mismatches");
        if (!missing.isEmpty()) {
            sb.append("; missing keys (").append(missing.size()).append("): ").append(missing);
        }
        if (!unexpected.isEmpty()) {
            sb.append("; unexpected keys (")
                    .append(unexpected.size())
                    .append("): ")
                    .append(unexpected);
        }
        if (!wrongShape.isEmpty()) {
            sb.append("; shape mismatches (")
                    .append(wrongShape.size())
                    .append("): ")
                    .append(wrongShape);
        }
        if (!wrongType.isEmpty()) {
            sb.append("; dtype mismatches (")
                    .append(wrongType.size())
                    .append("): ")
                    .append(wrongType);
        }
        return sb.toString();
    }

    /** @return the keys the network needs that the file lacks */
    public List<String> getMissing() {
        return missing;
    }

    /** @return the keys in the file that the network does not have */
    public List<String> getUnexpected() {
        return unexpected;
    }

    /** @return one description per key whose shape differs */
    public List<String> getWrongShape() {
        return wrongShape;
    }

    /** @return one description per key whose dtype cannot be loaded */
    public List<String> getWrongType() {
        return wrongType;
    }
}
