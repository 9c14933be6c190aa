package dev.ecrpublic.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One deployed function as the bench drives it: its jar and handler, its environment, the realistic event of a pull,
 * how to tell a right answer, and the targets for it.
 *
 * @param coldTargetMillis cold start median target (issue 5)
 * @param ownCostTargetMicros warm handler's own cost p50 target (issue 5)
 */
record Function(String name, String request, Path jar, String handler, Map<String, String> environment, byte[] event,
                Predicate<String> rightAnswer, double coldTargetMillis, double ownCostTargetMicros) {
    static final double RSS_TARGET_MIB = 160;
}
