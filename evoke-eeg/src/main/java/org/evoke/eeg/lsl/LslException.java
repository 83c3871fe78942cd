package org.evoke.eeg.lsl;

import java.io.IOException;

/** A stream that cannot be used: no answer, a malformed answer, a failed handshake, a broken test pattern. One line. */
public class LslException extends IOException {
    private static final long serialVersionUID = 1L;

    public LslException(String message) {
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
