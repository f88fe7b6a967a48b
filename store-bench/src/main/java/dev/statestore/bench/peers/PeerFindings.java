package dev.statestore.bench.peers;

import java.util.Map;

/**
 * Returns the explanations the report prints beside a figure where a peer is ahead of this
 * project's store: why, from how each store works, and what would change it. They describe
 * mechanisms, not measurements; the figures decide where they are printed.
 *
 * <p>Stateless and thread-safe.
 */
final class PeerFindings {

    private PeerFindings() {
    }

    /** Returns why {@code peer} can be ahead of ours in the workload of {@code benchmark} on {@code row}. */
    static String why(String benchmark, PeerKind peer, Map<String, String> row) {
        boolean synced = "SYNCED".equals(row.get("durability"));
        switch (benchmark) {
            case "PeerWriteBenchmark":
            case "PeerAuditedWriteBenchmark":
            case "PeerTtlWriteBenchmark":
                if (synced) {
                    return "at the power-loss level every write waits for a sync, so the figure is mostly how"
                            + " long one sync takes and how many writes share it. " + syncWhy(peer);
                }
                return writeWhy(peer);
            case "PeerReadBenchmark":
                return "ours deep-copies the stored tree on every read so that no caller can change the store;"
                        + " for values this small, parsing the stored bytes into a new tree can cost less"
                        + " than copying one node by node.";
            case "PeerReopenBenchmark":
                return "ours reads and parses every journal line (one per write ever made since the last"
                        + " compaction) and rebuilds the state and the whole transition log in memory before"
                        + " the first read. " + reopenWhy(peer);
            case "PeerExpiryBenchmark":
                return "ours records a delete transition per expired key and then rewrites the whole journal"
                        + " (every surviving key) as a compacted snapshot, with an fsync and an atomic rename;"
                        + " the peers delete only the expired entries through a deadline index and sync"
                        + " once, so their work grows with the expired keys and ours with the whole state.";
            default:
                return "";
        }
    }

    private static String writeWhy(PeerKind peer) {
        switch (peer) {
            case H2_MVSTORE:
                return "An H2 `put` changes an in-memory B-tree; with the background writer it does no"
                        + " serialization or I/O of its own (a chunk carries a second's writes at once), while"
                        + " ours serializes every write, old value included, into a JSON line right away.";
            case SQLITE_WAL:
                return "SQLite's commit appends the changed page as one WAL frame from C code; ours builds and"
                        + " serializes a full transition (old and new value, action id, timestamp) per write on"
                        + " the Java heap and keeps it in the in-memory log.";
            case ROCKSDB:
                return "RocksDB appends the value's bytes to its WAL and memtable in native code and merges"
                        + " concurrent writers into one WAL write behind a leader thread; ours serializes a"
                        + " full transition (old and new value, action id, timestamp) to JSON per write under"
                        + " one lock and keeps it in the in-memory log.";
            default:
                return "";
        }
    }

    private static String syncWhy(PeerKind peer) {
        switch (peer) {
            case SQLITE_WAL:
                return "SQLite syncs a WAL file that it rewrites from the start after every checkpoint, so a"
                        + " sync seldom has a new file size to commit; ours syncs a journal that grows with"
                        + " every line.";
            case ROCKSDB:
                return "RocksDB syncs its WAL with fdatasync into space it has preallocated (its defaults),"
                        + " which can make one sync cheaper than a sync of a journal that grows with every"
                        + " line, and its concurrent writers share one sync behind a leader thread.";
            default:
                return writeWhy(peer);
        }
    }

    private static String reopenWhy(PeerKind peer) {
        switch (peer) {
            case H2_MVSTORE:
                return "H2 MVStore reads its file header and the newest chunk's metadata and loads pages on"
                        + " demand.";
            case SQLITE_WAL:
                return "SQLite reads its schema and loads pages on demand; after a crash it first scans the"
                        + " WAL (at most about a checkpoint's worth, 1000 pages) to rebuild its index.";
            case ROCKSDB:
                return "RocksDB reads its MANIFEST and replays only the WAL not yet flushed to SST files"
                        + " (at most a memtable, 64 MB by default), then reads SST blocks on demand.";
            default:
                return "";
        }
    }

    /** Returns what would bring ours level in the workload of {@code benchmark}. */
    static String remedy(String benchmark) {
        switch (benchmark) {
            case "PeerWriteBenchmark":
            case "PeerAuditedWriteBenchmark":
            case "PeerTtlWriteBenchmark":
                return "a leaner journal record (the old value is already the previous line of that key, so"
                        + " it could be referenced rather than repeated; or a binary encoding), coalescing the"
                        + " appends of concurrent writers into one write call, and a preallocated journal file"
                        + " so that a synced append syncs data only, not a new file size.";
            case "PeerReadBenchmark":
                return "handing out shared immutable trees instead of deep copies.";
            case "PeerReopenBenchmark":
                return "bounding replay by the live keys rather than the writes ever made: compact the journal"
                        + " when dead lines dominate (today only reap, restore, replaceAll and `compact()`"
                        + " rewrite it), or keep a snapshot and replay only the tail; and keep old"
                        + " transitions on disk instead of in memory.";
            case "PeerExpiryBenchmark":
                return "reaping by appending one delete line per expired key and compacting only when the"
                        + " journal holds more dead lines than live ones, which makes expiry O(expired keys)"
                        + " instead of O(state).";
            default:
                return "";
        }
    }
}
