package org.evoke.tensor.io;

/** A safetensors file that cannot be read or written; the message names the file and, where it can, the tensor. */
public class SafeTensorsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(String message) {
        super(OneLine.of(message));
    }

    public SafeTensorsException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
    }
}
