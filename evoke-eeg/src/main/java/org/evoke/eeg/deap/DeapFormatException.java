package org.evoke.eeg.deap;

import org.evoke.tensor.io.OneLine;

/**
 * A DEAP file that cannot be read: truncated, not a DEAP subject, wrong shapes, non-finite values, or neither of
 * DEAP's two formats. The message is one line that names the file, what was wrong and what was expected.
 */
public class DeapFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeapFormatException(String message) {
        super(OneLine.of(message));
    }

    public DeapFormatException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
    }
}
