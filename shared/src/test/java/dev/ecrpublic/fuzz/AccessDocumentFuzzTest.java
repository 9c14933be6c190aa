package dev.ecrpublic.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.PolicyException;

/** The access secret's document, policy included: a value that survives its own round trip, or a PolicyException. */
class AccessDocumentFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void documentParsesOrFailsTyped(@NotNull String json) {
        AccessDocument document;
        try {
            document = AccessDocument.parse(json);
        } catch (PolicyException expected) {
            return;
        }
        if (!AccessDocument.parse(document.toJson()).equals(document))
            throw new AssertionError("a parsed document does not survive its round trip");
    }
}
