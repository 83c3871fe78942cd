package org.evoke.cli;

/** A mistake the user can fix; its message is printed as one line, and the command exits with code 1. */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
