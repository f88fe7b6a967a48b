package dev.statestore.jsonl.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manifest of a journal's version 2 layout: the one file whose atomic replacement commits a
 * checkpoint or a restore. It names the current checkpoint (with its size, line count and CRC-32C,
 * so a damaged checkpoint is detected), the revision the checkpoint folds in, where the tail after
 * it starts (the file by its first revision, and a byte offset in it), and, while a restore is
 * being applied, the cut that drops the history after the restored revision.
 *
 * <p>One JSON line, {@code jq}-readable, ending in a {@code crc32c} of the bytes before it as
 * journal lines do:
 * <pre>{@code
 * {"layout":"statestore-jsonl","version":2,"epoch":3,"checkpoint":"s.checkpoint.0000000003.00000000000000001200.jsonl","revision":1200,"lines":40,"bytes":5120,"checkpoint_crc32c":"0a1b2c3d","tail_file":1101,"tail_offset":20480,"crc32c":"89abcdef"}
 * }</pre>
 * A cut adds {@code "cut_after":n,"cut_segment":F,"cut_segment_offset":x,"cut_active_offset":y}:
 * remove every segment whose first revision is above {@code n}, cut segment {@code F} (0 for none)
 * to {@code x} bytes and the active file to {@code y} bytes. It is cleared by the next manifest,
 * written before any new line is appended, so a cut never touches lines written after it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epoch grows by one with every restore or replace; names the checkpoint with its revision
 * @param checkpoint the checkpoint's file name in the layout's directory
 * @param revision the revision the checkpoint folds in: the state after it
 * @param lines the checkpoint's line count
 * @param bytes the checkpoint's size
 * @param checkpointCrc the CRC-32C of all of the checkpoint's bytes
 * @param tailFile the first revision of the file where the tail starts (a segment's name, or the
 *     active file's first revision)
 * @param tailOffset the byte offset in that file where the tail starts
 * @param cut the cut of a restore being applied, or {@code null}
 */
public record Manifest(long epoch, String checkpoint, long revision, long lines, long bytes, int checkpointCrc,
                       long tailFile, long tailOffset, Cut cut) {

    /** The format version this code writes and reads. */
    public static final int VERSION = 2;
    private static final String LAYOUT = "statestore-jsonl";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] CRC_INTRO = ",\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The history a restore drops, kept in the manifest until it is applied.
     *
     * @param after the restored revision: history after it is dropped
     * @param segment the first revision of the segment to cut, {@code 0} for none
     * @param segmentOffset the size that segment is cut to
     * @param activeOffset the size the active file is cut to
     */
    public record Cut(long after, long segment, long segmentOffset, long activeOffset) {
    }

    /** Why a manifest could not be read. */
    public static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        /** Creates the exception, without a stack trace. */
        Damaged(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Returns this manifest without its cut.
     *
     * @return the manifest, cut cleared
     */
    public Manifest withoutCut() {
        return new Manifest(epoch, checkpoint, revision, lines, bytes, checkpointCrc, tailFile, tailOffset, null);
    }

    /**
     * Returns the manifest as its line, {@code '\n'} included.
     *
     * @param journalName the journal's file name, recorded for people reading the file
     * @return the bytes
     */
    public byte[] encode(String journalName) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"layout\":\"").append(LAYOUT).append("\",\"version\":").append(VERSION)
                .append(",\"journal\":").append(JSON.writeValueAsString(journalName))
                .append(",\"epoch\":").append(epoch)
                .append(",\"checkpoint\":").append(JSON.writeValueAsString(checkpoint))
                .append(",\"revision\":").append(revision)
                .append(",\"lines\":").append(lines)
                .append(",\"bytes\":").append(bytes)
                .append(",\"checkpoint_crc32c\":\"").append(hex(checkpointCrc)).append('"')
                .append(",\"tail_file\":").append(tailFile)
                .append(",\"tail_offset\":").append(tailOffset);
        if (cut != null) {
            b.append(",\"cut_after\":").append(cut.after())
                    .append(",\"cut_segment\":").append(cut.segment())
                    .append(",\"cut_segment_offset\":").append(cut.segmentOffset())
                    .append(",\"cut_active_offset\":").append(cut.activeOffset());
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String suffix = ",\"crc32c\":\"" + hex((int) crc.getValue()) + "\"}\n";
        byte[] out = Arrays.copyOf(body, body.length + suffix.length());
        System.arraycopy(suffix.getBytes(StandardCharsets.US_ASCII), 0, out, body.length, suffix.length());
        return out;
    }

    /**
     * Returns the manifest at {@code path}, or {@code null} if there is none.
     *
     * @param path the manifest file
     * @return the manifest or {@code null}
     * @throws Damaged with the reason when the file is not a complete, intact manifest
     * @throws IOException if the file cannot be read
     */
    public static Manifest read(Path path) throws Damaged, IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        return decode(bytes);
    }

    /**
     * Returns the manifest of {@code bytes}.
     *
     * @param bytes the file's content
     * @return the manifest
     * @throws Damaged with the reason when the bytes are not a complete, intact manifest
     */
    public static Manifest decode(byte[] bytes) throws Damaged {
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw new Damaged("it does not end with a newline (" + bytes.length + " bytes): it was cut short");
        }
        int end = bytes.length - 1;
        int intro = lastIndexOf(bytes, CRC_INTRO, end);
        if (intro < 0 || end - intro != CRC_INTRO.length + 8 + 2 || bytes[end - 2] != '"' || bytes[end - 1] != '}') {
            throw new Damaged("it does not end with its crc32c field");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, intro);
        String stored = new String(bytes, intro + CRC_INTRO.length, 8, StandardCharsets.US_ASCII);
        if (!stored.equals(hex((int) crc.getValue()))) {
            throw new Damaged("its crc32c " + stored + " does not match its content (" + hex((int) crc.getValue())
                    + "): it is damaged");
        }
        JsonNode m;
        try {
            m = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new Damaged("it is not JSON: " + e.getOriginalMessage());
        }
        if (!LAYOUT.equals(m.path("layout").asString(null))) {
            throw new Damaged("it is not a statestore-jsonl manifest");
        }
        int version = m.path("version").asInt(-1);
        if (version != VERSION) {
            throw new Damaged("it is of layout version " + version + "; this code reads version " + VERSION
                    + " (use the statestore version that wrote it)");
        }
        Cut cut = null;
        if (m.has("cut_after")) {
            cut = new Cut(number(m, "cut_after"), number(m, "cut_segment"), number(m, "cut_segment_offset"),
                    number(m, "cut_active_offset"));
        }
        String checkpoint = m.path("checkpoint").asString(null);
        if (checkpoint == null || checkpoint.isEmpty() || checkpoint.contains("/") || checkpoint.contains("\\")) {
            throw new Damaged("its checkpoint name is missing or not a plain file name");
        }
        int checkpointCrc;
        try {
            checkpointCrc = (int) Long.parseLong(m.path("checkpoint_crc32c").asString(""), 16);
        } catch (NumberFormatException e) {
            throw new Damaged("its checkpoint_crc32c is not 8 hex digits");
        }
        return new Manifest(number(m, "epoch"), checkpoint, number(m, "revision"), number(m, "lines"),
                number(m, "bytes"), checkpointCrc, number(m, "tail_file"), number(m, "tail_offset"), cut);
    }

    private static long number(JsonNode m, String field) throws Damaged {
        JsonNode n = m.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < 0) {
            throw new Damaged("its field " + field + " is missing or not a whole number >= 0");
        }
        return n.longValue();
    }

    private static int lastIndexOf(byte[] b, byte[] what, int before) {
        for (int i = before - what.length; i >= 0; i--) {
            boolean match = true;
            for (int j = 0; j < what.length && match; j++) {
                match = b[i + j] == what[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns {@code crc} as eight lower-case hex digits.
     *
     * @param crc the checksum
     * @return the digits
     */
    public static String hex(int crc) {
        String s = Integer.toHexString(crc);
        return s.length() == 8 ? s : "0".repeat(8 - s.length()) + s;
    }
}
