package org.evoke.eeg.edf;

import org.evoke.tensor.io.OneLine;

import java.io.IOException;

/**
 * A recording that does not follow the EDF/BDF specification: a lying or truncated header, a record count past the
 * end of the file, a non-numeric field, a malformed annotation list. The message is one line naming the file, the
 * field (and the signal or data record) and the value found.
 */
public class EdfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public EdfFormatException(String message) {
        super(OneLine.of(message));
    }
}
