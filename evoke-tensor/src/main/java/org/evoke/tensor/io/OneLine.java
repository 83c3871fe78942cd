package org.evoke.tensor.io;

/**
 * The one sanitiser of messages and of text that comes from files and streams (names, labels, keys): control
 * characters, line breaks and terminal escapes among them, are shown as '?', so a crafted file can neither split a
 * one-line error nor write escape sequences to the user's terminal, and a message keeps at most 1,000 characters.
 * Every format exception of evoke (safetensors, DEAP, EDF/BDF, LSL) passes its message through {@link #of}.
 */
public final class OneLine {
    /** The longest message kept; longer ones end in "...". */
    public static final int MAX = 1000;

    private OneLine() {
    }

    /** The message as one printable line of at most {@value #MAX} characters (null stays null). */
    public static String of(String message) {
        if (message == null) {
            return null;
        }
        String t = printable(message);
        return t.length() > MAX ? t.substring(0, MAX) + "..." : t;
    }

    /** The text with every control character (U+0000..U+001F, U+007F) shown as '?', nothing cut. */
    public static String printable(String text) {
        return text == null ? null : text.replaceAll("[\\x00-\\x1f\\x7f]", "?");
    }
}
