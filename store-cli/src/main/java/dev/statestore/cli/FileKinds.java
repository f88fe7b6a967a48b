package dev.statestore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kind of a file that is not a regular file, worded for an error message: "a
 * directory", "a FIFO (named pipe)", "a character device" and so on. Reads the file type from
 * the {@code unix:mode} attribute where the platform has it. Stateless.
 */
final class FileKinds {

    private static final int TYPE_MASK = 0170000;

    private FileKinds() {
    }

    /** Returns "a directory", "a FIFO (named pipe)", ... for {@code path}, following symbolic links. */
    static String describe(Path path) {
        if (Files.isDirectory(path)) {
            return "a directory";
        }
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            if (mode instanceof Integer) {
                switch ((Integer) mode & TYPE_MASK) {
                    case 0010000:
                        return "a FIFO (named pipe)";
                    case 0020000:
                        return "a character device";
                    case 0060000:
                        return "a block device";
                    case 0140000:
                        return "a socket";
                    default:
                        break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // the platform does not name the type: say what is known
        }
        return "something other than a regular file";
    }
}
