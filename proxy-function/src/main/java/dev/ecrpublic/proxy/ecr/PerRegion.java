package dev.ecrpublic.proxy.ecr;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One of something per region, by region id: the container's own, made at start, and one per other region that the
 * registry mapping routes to, made on first use and then kept.
 */
final class PerRegion<T> {
    private final String home;
    private final T homeValue;
    private final Function<String, T> make;
    private final ConcurrentHashMap<String, T> others = new ConcurrentHashMap<>();

    PerRegion(String home, Function<String, T> make) {
        this.home = home;
        this.homeValue = make.apply(home);
        this.make = make;
    }

    T home() {
        return homeValue;
    }

    /** The one for {@code region}; empty means the container's own. */
    T in(Optional<String> region) {
        if (region.isEmpty() || region.get().equals(home)) return homeValue;
        return others.computeIfAbsent(region.get(), make);
    }

    void forEach(Consumer<T> action) {
        action.accept(homeValue);
        others.values().forEach(action);
    }
}
