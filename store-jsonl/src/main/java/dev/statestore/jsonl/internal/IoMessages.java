package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Readable reasons for I/O exceptions. Stateless and thread-safe. */
public final class IoMessages {

    private IoMessages() {
    }

    /**
     * Returns why {@code e} happened, in words, with the file it names.
     *
     * @param e the exception
     * @return a short reason
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + ((FileSystemException) e).getFile() + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory (" + ((FileSystemException) e).getFile() + ")";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
