package org.evoke.tensor.io;

/** A safetensors file that cannot be read or written; the message names the file and, where it can, the tensor. */
public class SafeTensorsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(String message) {
        super(oneLine(message));
    }

    public SafeTensorsException(String message, Throwable cause) {
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
