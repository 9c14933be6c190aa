package dev.ecrpublic.authorizer.rotation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.authorizer.FunctionEnvironment;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.keys.KeyRotation;
import dev.ecrpublic.keys.RotationStep;
import dev.ecrpublic.log.LogLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * Lambda entry point Secrets Manager calls for each rotation step of the signing-key secret:
 * {@code {"SecretId": ..., "ClientRequestToken": ..., "Step": "createSecret"}}. The steps themselves live in
 * {@link KeyRotation}, which the CLI's {@code keys rotate} runs too.
 */
public final class RotationHandler implements RequestStreamHandler {
    private final KeyRotation rotation;

    public RotationHandler() {
        this(new KeyRotation(FunctionEnvironment.secretsManagerFor(System.getenv()), new SecureRandom()));
    }

    public RotationHandler(KeyRotation rotation) {
        this.rotation = rotation;
    }

    public record RotationEvent(String secretId, String clientRequestToken, RotationStep step) {
        static RotationEvent read(InputStream in) throws IOException {
            String secretId = null, token = null, step = null;
            try (JsonParser p = ProxyIntegrationJson.factory().createParser(in)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("rotation event is not an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (value.isStructStart()) p.skipChildren();
                    switch (field) {
                        case "SecretId" -> secretId = text;
                        case "ClientRequestToken" -> token = text;
                        case "Step" -> step = text;
                        default -> { }
                    }
                }
            }
            if (secretId == null || token == null || step == null)
                throw new IOException("rotation event needs SecretId, ClientRequestToken and Step");
            return new RotationEvent(secretId, token, RotationStep.fromWire(step));
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RotationEvent event = RotationEvent.read(input);
        LogLine.info("rotation step").with("secretId", event.secretId()).with("step", event.step().name())
                .with("version", event.clientRequestToken()).writeTo(LogLine.STDOUT);
        rotation.run(event.step(), event.secretId(), event.clientRequestToken());
    }
}
