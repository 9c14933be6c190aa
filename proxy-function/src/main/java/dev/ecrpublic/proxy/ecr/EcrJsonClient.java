package dev.ecrpublic.proxy.ecr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.HttpsURLConnection;

/**
 * ECR's AWS JSON 1.1 protocol in one region, without the SDK's service client: a POST of the request document to the
 * endpoint, the operation named by {@code X-Amz-Target}, signed by the SDK's own SigV4 signer with credentials from the
 * SDK's providers, sent by the JDK's {@link HttpURLConnection} (synchronous on the caller's thread, so its connect and
 * read timeouts are exactly {@link EcrTimeBudget}'s; kept-alive connections are reused). Throttling, 5xx and lost
 * answers are tried again as the SDK's standard retry strategy does: full-jitter exponential backoff from 100 ms,
 * from 1 s when throttled.
 *
 * <p>The JDK's {@code java.net.http.HttpClient} was measured too and lost at both ends (bench/README.md, "ECR call
 * path"): its module is outside the JDK's class-data archive, and each call crosses threads. One difference from the
 * SDK's client is the JDK's: when a connection drops before the status line, {@link HttpURLConnection} sends a
 * buffered request once more on a new connection before it reports the failure (how it recovers a kept-alive
 * connection the server closed, as after a Lambda thaw); so a reset attempt may be two sends. Timeouts are not resent.
 */
final class EcrJsonClient {
    /** Writes the fields of the request document; the enclosing object is the client's. */
    @FunctionalInterface
    interface RequestWriter {
        void write(JsonGenerator request) throws IOException;
    }

    /** Reads the answer document, the parser at its first token. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(JsonParser answer) throws IOException;
    }

    private static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final long BASE_DELAY_MILLIS = 100;
    private static final long THROTTLED_BASE_DELAY_MILLIS = 1_000;

    private final URI endpoint;
    private final URL url;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final EcrCalls calls;
    /** The request before signing is the same for every call of an operation (it is immutable). */
    private final ConcurrentHashMap<String, SdkHttpRequest> unsigned = new ConcurrentHashMap<>();

    EcrJsonClient(URI endpoint, String region, AwsCredentialsProvider credentials,
                  EcrCalls calls) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.calls = calls;
        try {
            this.url = endpoint.toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ECR endpoint: " + endpoint, e);
        }
    }

    /** One ECR call, retries included: the answer read by {@code answer}, or an {@link EcrFailure}. */
    <T> T call(String operation, RequestWriter request, AnswerReader<T> answer) {
        calls.counted();
        byte[] body = document(request);
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw EcrFailure.noAnswer("no credentials: " + e.getMessage());
        }
        for (int attempt = 1; ; attempt++) {
            EcrFailure failure;
            try {
                return attempt(operation, body, identity, answer);
            } catch (EcrFailure e) {
                failure = e;
            } catch (IOException e) {
                failure = EcrFailure.noAnswer(e.toString());
            }
            if (attempt >= EcrTimeBudget.MAX_ATTEMPTS || !EcrErrors.isRetryable(failure)) throw failure;
            backOff(attempt, EcrErrors.isThrottling(failure));
        }
    }

    /**
     * What a call does before the wire, on a request that never goes there: the document written, signed with
     * throwaway credentials, a connection object set up but not connected, and for HTTPS the JDK's TLS context
     * (trust store and all, which the SDK's client built at start); then {@code answer} read by the reader.
     */
    <T> T primeOffline(String operation, RequestWriter request, byte[] answer, AnswerReader<T> reader) throws IOException {
        byte[] body = document(request);
        HttpURLConnection connection = connection(sign(operation, body, AwsCredentialsIdentity.create("priming", "priming")));
        if (connection instanceof HttpsURLConnection https) https.getSSLSocketFactory().getDefaultCipherSuites();
        return read(answer, reader);
    }

    private <T> T attempt(String operation, byte[] body, AwsCredentialsIdentity identity, AnswerReader<T> reader)
            throws IOException {
        HttpURLConnection connection = connection(sign(operation, body, identity));
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        boolean ok = status >= 200 && status < 300;
        byte[] answer;
        try (InputStream in = ok ? connection.getInputStream() : connection.getErrorStream()) {
            answer = in == null ? new byte[0] : readBody(in, connection.getContentLengthLong());
        }
        if (ok) return read(answer, reader);
        throw failure(status, connection.getHeaderField("x-amzn-ErrorType"), answer);
    }

    private Map<String, List<String>> sign(String operation, byte[] body, AwsCredentialsIdentity identity) {
        SdkHttpRequest request = unsigned.computeIfAbsent(operation, o -> SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + o)
                .build());
        return signer.sign(r -> r.identity(identity)
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecr")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request().headers();
    }

    private HttpURLConnection connection(Map<String, List<String>> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(EcrTimeBudget.CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(EcrTimeBudget.READ_TIMEOUT_MILLIS);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setUseCaches(false);
        // Not streamed: a buffered body goes out with the headers in one write, where a streamed one would wait for
        // the headers' ACK (Nagle; the connection has no TCP_NODELAY), and a buffered POST is sent again once
        // if a kept-alive connection turns out closed, as one is after a Lambda container thaws.
        // Host is the connection's own to set (the same host[:port] the signature names).
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) connection.setRequestProperty(name, String.join(",", values));
        });
        return connection;
    }

    private static byte[] document(RequestWriter request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(out)) {
            g.writeStartObject();
            request.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * The answer's bytes: exactly its Content-Length when it has one (readAllBytes would allocate and zero 16 KiB
     * buffers per call, a tenth of the warm call's time with C1), and a body cut short is a failure, not an answer.
     */
    private static byte[] readBody(InputStream in, long contentLength) throws IOException {
        if (contentLength < 0 || contentLength > Integer.MAX_VALUE) return in.readAllBytes();
        byte[] body = in.readNBytes((int) contentLength);
        if (body.length < contentLength) throw new IOException("the answer ended after " + body.length + " of " + contentLength + " bytes");
        return body;
    }

    private static <T> T read(byte[] answer, AnswerReader<T> reader) throws IOException {
        try (JsonParser p = ProxyIntegrationJson.factory().createParser(answer)) {
            p.nextToken();
            T value = reader.read(p);
            if (p.nextToken() != null) throw new IOException("trailing content after the answer");
            return value;
        }
    }

    /**
     * ECR's error answer, its code read as the SDK's JSON protocol reads it: the {@code x-amzn-ErrorType} header
     * (before any {@code :}), else the body's {@code __type} (after any {@code #}) or {@code code}.
     */
    private static EcrFailure failure(int status, String errorTypeHeader, byte[] answer) {
        String code = errorTypeHeader == null ? null : errorTypeHeader.split(":", 2)[0].trim();
        String message = null;
        try (JsonParser p = ProxyIntegrationJson.factory().createParser(answer)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.VALUE_STRING) {
                        switch (field) {
                            case "__type", "code" -> {
                                if (code == null || code.isEmpty()) code = p.getText().substring(p.getText().indexOf('#') + 1);
                            }
                            case "message", "Message" -> message = p.getText();
                            default -> { }
                        }
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // An error answer without a readable body still has its status.
        }
        return EcrFailure.answered(code == null || code.isEmpty() ? null : code, status, message);
    }

    private static void backOff(int attempt, boolean throttled) {
        long ceiling = (throttled ? THROTTLED_BASE_DELAY_MILLIS : BASE_DELAY_MILLIS) << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EcrFailure.noAnswer("interrupted");
        }
    }
}
