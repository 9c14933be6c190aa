package dev.ecrpublic.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --expires}: {@code 90d}, {@code 12h}, {@code 30m} from now, or a date ({@code 2027-01-31}, midnight UTC). */
sealed interface Expiry {
    record After(Duration duration) implements Expiry {}

    record On(LocalDate date) implements Expiry {}

    /** When it ends, counted from {@code now}; a moment not after now is a mistake on the command line. */
    default Instant from(Instant now) {
        return switch (this) {
            case After after -> now.plus(after.duration());
            case On on -> on.date().atStartOfDay().toInstant(ZoneOffset.UTC);
        };
    }

    final class Converter implements ITypeConverter<Expiry> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhm])");

        @Override
        public Expiry convert(String value) {
            Matcher m = DURATION.matcher(value);
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                if (amount == 0) throw new TypeConversionException("'" + value + "' is not in the future");
                return new After(switch (m.group(2)) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofMinutes(amount);
                });
            }
            try {
                return new On(LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value
                        + "' is neither a duration such as 90d, 12h, 30m nor a date such as 2027-01-31");
            }
        }
    }
}
