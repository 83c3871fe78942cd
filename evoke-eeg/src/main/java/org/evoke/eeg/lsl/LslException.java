package org.evoke.eeg.lsl;

import org.evoke.tensor.io.OneLine;

import java.io.IOException;

/** A stream that cannot be used: no answer, a malformed answer, a failed handshake, a broken test pattern. One line. */
public class LslException extends IOException {
    private static final long serialVersionUID = 1L;

    public LslException(String message) {
        super(OneLine.of(message));
    }
}
