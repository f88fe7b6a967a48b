package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.statestore.Durability;
import java.nio.file.Paths;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubjectTest {

    @Test
    void statestoreUrlsNameTheJournalTheLevelAndTheOptions() {
        assertEquals("statestore:memory:", Subject.MEMORY.url(Paths.get("/x"), ""));
        assertEquals("statestore:memory:?history=10000", Subject.MEMORY.url(Paths.get("/x"), "history=10000"));
        assertEquals("statestore:jsonl:/data/x/state.jsonl?durability=synced",
                Subject.JSONL_SYNCED.url(Paths.get("/data/x"), ""));
        assertEquals("statestore:jsonl:/data/x/state.jsonl?durability=flushed&history=5",
                Subject.JSONL_FLUSHED.url(Paths.get("/data/x"), "history=5"));
    }

    @Test
    void aPeerHasNoStatestoreUrlAndTheErrorNamesTheBackendsThatDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Subject.ROCKSDB_SYNCED.url(Paths.get("/x"), ""));
        assertTrue(e.getMessage().contains("ROCKSDB_SYNCED") && e.getMessage().contains("JSONL_FLUSHED"), e.getMessage());
    }

    @Test
    void postgresWithoutADatabaseIsUnavailableAndSaysHowToConfigureOne() {
        assumeTrue(System.getProperty(Subject.POSTGRES_PROPERTY) == null && System.getenv(Subject.POSTGRES_ENV) == null,
                "a database is configured");
        assertFalse(Subject.POSTGRES.available());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Subject.POSTGRES.open(Paths.get("/tmp/x")));
        assertTrue(e.getMessage().contains(Subject.POSTGRES_PROPERTY), e.getMessage());
    }

    @Test
    void everySubjectButPostgresIsAvailableAndOnlyStatestoreSubjectsAreOurs() {
        for (Subject s : Subject.values()) {
            if (s != Subject.POSTGRES) {
                assertTrue(s.available(), s.name());
            }
            assertEquals(s.name().startsWith("JSONL") || s == Subject.MEMORY || s == Subject.POSTGRES, s.isOurs(), s.name());
        }
        assertEquals(Optional.of(Durability.SYNCED), Subject.H2_SYNCED.durability());
        assertEquals(Optional.empty(), Subject.BASELINE.durability());
    }
}
