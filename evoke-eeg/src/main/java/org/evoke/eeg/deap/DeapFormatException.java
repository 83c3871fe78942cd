package org.evoke.eeg.deap;

/**
 * A DEAP file that cannot be read: truncated, not a DEAP subject, wrong shapes, non-finite values, or neither of
 * DEAP's two formats. The message is one line that names the file, what was wrong and what was expected.
 */
public class DeapFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeapFormatException(String message) {
        super(oneLine(message));
    }

    public DeapFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * The message as one line a terminal shows safely: control characters (line breaks among them), which a crafted
     * file can put into names and keys quoted here, shown as '?', and at most 1,000 characters.
     */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        String t = message.replaceAll("[\\x00-\\x1f\\x7f]", "?");
        return t.length() > 1000 ? t.substring(0, 1000) + "..." : t;
    }
}
