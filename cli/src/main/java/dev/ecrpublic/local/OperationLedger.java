package dev.ecrpublic.local;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** An emulator's per-operation call counts and injected faults: what tests read and what they switch on. */
final class OperationLedger<O extends Enum<O>, F> {
    private final Map<O, LongAdder> calls;
    private final Map<O, F> faults = new ConcurrentHashMap<>();
    private final Function<O, String> wireName;

    OperationLedger(Class<O> operations, Function<O, String> wireName) {
        this.calls = new EnumMap<>(operations);
        for (O operation : operations.getEnumConstants()) calls.put(operation, new LongAdder());
        this.wireName = wireName;
    }

    /** Counts a call; the fault to answer it with, if one is injected. */
    Optional<F> record(O operation) {
        calls.get(operation).increment();
        return Optional.ofNullable(faults.get(operation));
    }

    /** Calls received per operation wire name, failed ones included. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((operation, count) -> counts.put(wireName.apply(operation), count.sum()));
        return counts;
    }

    void resetCounts() {
        calls.values().forEach(LongAdder::reset);
    }

    void inject(O operation, F fault) {
        faults.put(operation, Objects.requireNonNull(fault, "fault"));
    }

    void clearFaults() {
        faults.clear();
    }
}
