package dev.statestore.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The instant an option names: an ISO-8601 instant ({@code 2026-01-02T03:04:05Z}), a
 * date-time with an offset ({@code 2026-01-02T05:04:05+02:00}) or {@code now}. Stateless.
 */
final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                throw new TypeConversionException("'" + value
                        + "' is not an instant: write it like 2026-01-02T03:04:05Z or now");
            }
        }
    }
}
