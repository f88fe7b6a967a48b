/**
 * The PostgreSQL backend of statestore: {@link dev.statestore.postgres.PostgresStateStore}, a store
 * that many processes share, its builder, and the provider of {@code statestore:postgresql:}.
 */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver is an automatic module (org.postgresql.jdbc)
module dev.statestore.postgres {
    requires transitive dev.statestore;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;

    exports dev.statestore.postgres;

    provides dev.statestore.spi.StateStoreProvider with dev.statestore.postgres.PostgresStateStoreProvider;
}
