package org.evoke.eeg.edf;

import java.io.IOException;

/**
 * A recording that does not follow the EDF/BDF specification: a lying or truncated header, a record count past the
 * end of the file, a non-numeric field, a malformed annotation list. The message is one line naming the file, the
 * field (and the signal or data record) and the value found.
 */
public class EdfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public EdfFormatException(String message) {
        super(oneLine(message));
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
