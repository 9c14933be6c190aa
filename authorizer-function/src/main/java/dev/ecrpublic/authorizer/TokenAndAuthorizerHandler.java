package dev.ecrpublic.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SecretsManagerKeys;
import dev.ecrpublic.log.LogLine;
import org.crac.Core;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * One Lambda entry point for {@code /v2/token} and the REST API REQUEST authorizer, so that a first pull meets one
 * cold JVM where it met two: a REQUEST authorizer event ({@code "type": "REQUEST"}) goes to the authorizer, any
 * other event is a proxy integration event for the token endpoint. Both share one Secrets Manager client and one
 * key cache: the keys the token request loaded verify the token the next request carries.
 */
public final class TokenAndAuthorizerHandler implements RequestStreamHandler {
    private final TokenHandler token;
    private final AuthorizerHandler authorizer;

    public TokenAndAuthorizerHandler() {
        this(new TokenHandler(Holder.TOKEN), new AuthorizerHandler(Holder.AUTHORIZER));
    }

    public TokenAndAuthorizerHandler(TokenHandler token, AuthorizerHandler authorizer) {
        this.token = token;
        this.authorizer = authorizer;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        if (isAuthorizerEvent(event)) authorizer.handleRequest(new ByteArrayInputStream(event), output, context);
        else token.handleRequest(new ByteArrayInputStream(event), output, context);
    }

    /** Whether the event's top-level {@code type} is {@code REQUEST}; proxy integration events have no such field. */
    static boolean isAuthorizerEvent(byte[] event) throws IOException {
        try (JsonParser p = ProxyIntegrationJson.factory().createParser(event)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("type")) return value == JsonToken.VALUE_STRING && p.getText().equals("REQUEST");
                p.skipChildren();
            }
            return false;
        }
    }

    private static final class Holder {
        static final TokenApp TOKEN;
        static final AuthorizerApp AUTHORIZER;

        static {
            Clock clock = Clock.systemUTC();
            FunctionEnvironment settings = FunctionEnvironment.of(System.getenv());
            SecretsManagerClient secrets = settings.secretsManager();
            KeySource keys = new SecretsManagerKeys(secrets, settings.signingKeysSecretId(), clock,
                    SecretsManagerKeys.DEFAULT_TTL, LogLine.STDOUT);
            Runnable sdkPriming = () -> FunctionEnvironment.primeSecretsManager(secrets);
            TOKEN = TokenApp.fromParts(settings, secrets, keys, clock, SecretsManagerAccess.DEFAULT_TTL, LogLine.STDOUT,
                    sdkPriming);
            AUTHORIZER = new AuthorizerApp(keys, settings.issuer(), settings.service(), clock, LogLine.STDOUT, sdkPriming);
            Core.getGlobalContext().register(TOKEN);
            Core.getGlobalContext().register(AUTHORIZER);
        }
    }
}
