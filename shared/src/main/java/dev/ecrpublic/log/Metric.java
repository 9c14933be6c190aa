package dev.ecrpublic.log;

/**
 * A number a log line also publishes as a CloudWatch metric (embedded metric format): {@code name} is the line's field
 * that holds it, {@code unit} one of CloudWatch's units.
 */
public record Metric(String name, Unit unit, long value) {
    public enum Unit {
        COUNT("Count"), MICROSECONDS("Microseconds");

        /** The unit as CloudWatch spells it. */
        public final String cloudWatch;

        Unit(String cloudWatch) {
            this.cloudWatch = cloudWatch;
        }
    }

    public static Metric count(String name, long value) {
        return new Metric(name, Unit.COUNT, value);
    }

    public static Metric micros(String name, long value) {
        return new Metric(name, Unit.MICROSECONDS, value);
    }
}
