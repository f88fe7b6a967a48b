package dev.statestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statestore.spi.StateStoreProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoresTest {

    @TempDir
    Path dir;

    /** A loader whose only providers are the named classes, registered in META-INF/services. */
    private ClassLoader loaderWith(String... providerClasses) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(StateStoreProvider.class.getName()), List.of(providerClasses));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void opensStoreOfTheSchemeWithLocationAndMergedOptions() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        StateStore store = StateStores.open("statestore:alpha:/some/where%20else?mode=fast",
                Map.of("level", "3"), loader);
        TestProviders.RecordingStore recording = assertInstanceOf(TestProviders.RecordingStore.class, store);
        assertEquals("/some/where else", recording.location);
        assertEquals(Map.of("mode", "fast", "level", "3"), recording.options);
    }

    @Test
    void schemesListsEveryLoadedProvider() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName(), TestProviders.Beta.class.getName());
        assertEquals(Set.of("alpha", "beta"), StateStores.schemes(loader));
    }

    @Test
    void unknownSchemeNamesAvailableSchemesAndTheirArtifacts() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStores.open("statestore:nosuch:x", Map.of(), loader));
        assertTrue(e.getMessage().contains("'nosuch'"), e.getMessage());
        assertTrue(e.getMessage().contains("alpha (test:alpha)"), e.getMessage());
    }

    @Test
    void missingFirstPartySchemeNamesTheArtifactToAdd() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStores.open("statestore:jsonl:/tmp/x.jsonl", Map.of(), loader));
        assertTrue(e.getMessage().contains("dev.statestore:store-jsonl"), e.getMessage());
    }

    @Test
    void schemeClaimedTwiceNamesBothClasses() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName(), TestProviders.AlphaTwin.class.getName());
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStores.open("statestore:alpha:", Map.of(), loader));
        assertTrue(e.getMessage().contains(TestProviders.Alpha.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TestProviders.AlphaTwin.class.getName()), e.getMessage());
    }

    @Test
    void brokenProviderIsReportedWithoutHidingTheOthers() throws IOException {
        ClassLoader loader = loaderWith("dev.statestore.NoSuchProviderClass", TestProviders.Beta.class.getName(),
                TestProviders.Exploding.class.getName());
        assertEquals(Set.of("beta"), StateStores.schemes(loader));
        assertInstanceOf(TestProviders.RecordingStore.class, StateStores.open("statestore:beta:", Map.of(), loader));
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStores.open("statestore:alpha:", Map.of(), loader));
        assertTrue(e.getMessage().contains("NoSuchProviderClass"), e.getMessage());
        assertTrue(e.getMessage().contains("provider construction failed"), e.getMessage());
    }

    @Test
    void unknownOptionListsTheSupportedOnes() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:alpha:?colour=red", Map.of(), loader));
        assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
        assertTrue(e.getMessage().contains("level, mode"), e.getMessage());
    }

    @Test
    void malformedUrlsAreRejectedWithTheUrlInTheMessage() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        for (String url : List.of("jdbc:alpha:", "statestore:", "statestore:alpha", "statestore::x",
                "statestore:Alpha:", "statestore:alpha:?mode", "statestore:alpha:?=x", "statestore:alpha:%zz",
                "statestore:alpha:?mode=a&mode=b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateStores.open(url, Map.of(), loader), url);
            assertTrue(e.getMessage().contains(url), e.getMessage());
        }
    }

    @Test
    void optionGivenTwiceMustAgree() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        assertThrows(IllegalArgumentException.class,
                () -> StateStores.open("statestore:alpha:?mode=a", Map.of("mode", "b"), loader));
        TestProviders.RecordingStore same = (TestProviders.RecordingStore)
                StateStores.open("statestore:alpha:?mode=a", Map.of("mode", "a"), loader);
        assertEquals(Map.of("mode", "a"), same.options);
    }

    @Test
    void plusInLocationIsKeptLiterally() throws IOException {
        ClassLoader loader = loaderWith(TestProviders.Alpha.class.getName());
        TestProviders.RecordingStore store = (TestProviders.RecordingStore)
                StateStores.open("statestore:alpha:/data/a+b.jsonl", Map.of(), loader);
        assertEquals("/data/a+b.jsonl", store.location);
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> StateStores.open(null));
        assertThrows(NullPointerException.class, () -> StateStores.open("statestore:memory:", null));
    }
}
