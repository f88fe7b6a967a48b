package dev.statestore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void objectSerializesToExactlyTheRequestedBytesForEverySeq() {
        for (int size : new int[] {32, Values.SMALL, Values.LARGE}) {
            for (int seq : new int[] {0, 9, 10, 12_345, 999_999}) {
                assertEquals(size, Values.serializedSize(Values.object(size, seq)), size + " bytes, seq " + seq);
            }
        }
    }

    @Test
    void sizesTooSmallForTheShapeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Values.object(31, 0));
        assertEquals("value size must be at least 32 bytes, was 31", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Values.object(64, 1_000_000));
    }
}
