/**
 * A statestore application on the module path, as a user writes one: it requires the API module
 * only and gets the backends that are on the module path through the service binding of
 * {@code uses}/{@code provides}. Its value classes' package is open to Jackson, which
 * {@link dev.statestore.TypedView} converts them with. Not published; {@code ModulePathTest} runs it.
 */
module dev.statestore.it {
    requires dev.statestore;

    opens dev.statestore.it to tools.jackson.databind;
}
