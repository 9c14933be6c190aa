package dev.ecrpublic.proxy.ecr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.proxy.registry.ManifestMediaTypes;
import dev.ecrpublic.reference.ManifestReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's ECR calls as ECR's AWS JSON 1.1 documents (see ECR's API reference), through an {@link EcrJsonClient}
 * per region: the container's own, built at start, and one per other region the registry mapping routes to, built
 * on first use and kept. Each call is a request writer and an answer reader, so another call is one more method.
 * Measured with bench/run against the SDK's client it replaces on the proxy's path (bench/README.md, "ECR call path"):
 * far fewer classes at start and a cheaper warm call; {@link EcrSdkApi} stays as the reference it is tested against.
 */
public final class EcrJsonApi implements EcrApi {
    private static final byte[] PRIMING_ANSWER = """
            {"images":[{"imageId":{"imageTag":"priming"},"imageManifest":"{}",\
            "imageManifestMediaType":"application/vnd.oci.image.manifest.v1+json"}],\
            "failures":[{"imageId":{"imageTag":"x"},"failureCode":"ImageNotFound","failureReason":"x"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    private final PerRegion<EcrJsonClient> clients;

    private EcrJsonApi(PerRegion<EcrJsonClient> clients) {
        this.clients = clients;
    }

    /**
     * {@code home} is the container's region ({@code AWS_REGION}); {@code endpoint} pins one endpoint for every
     * region (the local registry's emulator), else each region's is the SDK's choice ({@link EcrEndpoint}).
     */
    public static EcrJsonApi create(String home, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                    EcrCalls calls) {
        return new EcrJsonApi(new PerRegion<>(home,
                region -> new EcrJsonClient(EcrEndpoint.resolve(region, endpoint), region, credentials, calls)));
    }

    @Override
    public Images batchGetImage(RepositoryLocation at, ManifestReference reference, List<String> acceptedMediaTypes) {
        return in(at.region()).call("BatchGetImage", g -> writeBatchGetImage(g, at, reference, acceptedMediaTypes),
                EcrJsonApi::readImages);
    }

    @Override
    public String getDownloadUrlForLayer(RepositoryLocation at, String digest) {
        return in(at.region()).call("GetDownloadUrlForLayer", g -> {
            writeRepository(g, at);
            g.writeStringField("layerDigest", digest);
        }, p -> {
            String[] url = {null};
            fields(p, (name, v) -> {
                if (name.equals("downloadUrl")) url[0] = text(v);
            });
            if (url[0] == null) throw new IOException("no downloadUrl in the answer");
            return url[0];
        });
    }

    @Override
    public List<Layer> batchCheckLayerAvailability(RepositoryLocation at, String digest) {
        return in(at.region()).call("BatchCheckLayerAvailability", g -> {
            writeRepository(g, at);
            g.writeArrayFieldStart("layerDigests");
            g.writeString(digest);
            g.writeEndArray();
        }, p -> {
            List<Layer> layers = new ArrayList<>();
            fields(p, (name, v) -> {
                if (name.equals("layers")) objects(v, () -> {
                    String[] s = new String[2];
                    Long[] size = {null};
                    return l -> fields(l, (field, value) -> {
                        switch (field) {
                            case "layerDigest" -> s[0] = text(value);
                            case "layerAvailability" -> s[1] = text(value);
                            case "layerSize" -> size[0] = value.currentToken() == JsonToken.VALUE_NULL ? null : value.getLongValue();
                            default -> { }
                        }
                    }, () -> layers.add(new Layer(s[0], s[1], size[0])));
                });
            });
            return layers;
        });
    }

    @Override
    public Page listImageTags(RepositoryLocation at, Optional<String> nextToken) {
        return in(at.region()).call("ListImages", g -> {
            writeRepository(g, at);
            g.writeObjectFieldStart("filter");
            g.writeStringField("tagStatus", "TAGGED");
            g.writeEndObject();
            g.writeNumberField("maxResults", 1000);
            if (nextToken.isPresent()) g.writeStringField("nextToken", nextToken.get());
        }, p -> readPage(p, "imageIds", "imageTag"));
    }

    @Override
    public Page describeRepositoryNames(RepositoryLocation registry, Optional<String> nextToken) {
        return in(registry.region()).call("DescribeRepositories", g -> {
            if (registry.registryId().isPresent()) g.writeStringField("registryId", registry.registryId().get());
            g.writeNumberField("maxResults", 1000);
            if (nextToken.isPresent()) g.writeStringField("nextToken", nextToken.get());
        }, p -> readPage(p, "repositories", "repositoryName"));
    }

    @Override
    public Referrers listImageReferrers(RepositoryLocation at, String subjectDigest, List<String> artifactTypes,
                                        int maxResults, Optional<String> nextToken) {
        return in(at.region()).call("ListImageReferrers", g -> {
            writeRepository(g, at);
            g.writeObjectFieldStart("subjectId");
            g.writeStringField("imageDigest", subjectDigest);
            g.writeEndObject();
            g.writeObjectFieldStart("filter");
            if (!artifactTypes.isEmpty()) {
                g.writeArrayFieldStart("artifactTypes");
                for (String type : artifactTypes) g.writeString(type);
                g.writeEndArray();
            }
            g.writeStringField("artifactStatus", "ACTIVE");
            g.writeEndObject();
            g.writeNumberField("maxResults", maxResults);
            if (nextToken.isPresent()) g.writeStringField("nextToken", nextToken.get());
        }, EcrJsonApi::readReferrers);
    }

    @Override
    public void primeOffline() {
        RepositoryLocation at = RepositoryLocation.own("priming");
        try {
            clients.home().primeOffline("BatchGetImage",
                    g -> writeBatchGetImage(g, at, ManifestReference.parse("priming"), ManifestMediaTypes.ALL),
                    PRIMING_ANSWER, EcrJsonApi::readImages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing to release: connections are the JDK's, kept alive and closed when idle. */
    @Override
    public void close() {
    }

    private EcrJsonClient in(Optional<String> region) {
        return clients.in(region);
    }

    private static void writeRepository(JsonGenerator g, RepositoryLocation at) throws IOException {
        if (at.registryId().isPresent()) g.writeStringField("registryId", at.registryId().get());
        g.writeStringField("repositoryName", at.repositoryName());
    }

    private static void writeBatchGetImage(JsonGenerator g, RepositoryLocation at, ManifestReference reference,
                                           List<String> acceptedMediaTypes) throws IOException {
        writeRepository(g, at);
        g.writeArrayFieldStart("imageIds");
        g.writeStartObject();
        switch (reference) {
            case ManifestReference.ByTag t -> g.writeStringField("imageTag", t.tag().value());
            case ManifestReference.ByDigest d -> g.writeStringField("imageDigest", d.digest().value());
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeArrayFieldStart("acceptedMediaTypes");
        for (String type : acceptedMediaTypes) g.writeString(type);
        g.writeEndArray();
    }

    private static Images readImages(JsonParser p) throws IOException {
        List<Manifest> images = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        fields(p, (name, v) -> {
            switch (name) {
                case "images" -> objects(v, () -> {
                    String[] s = new String[2];
                    return i -> fields(i, (field, value) -> {
                        if (field.equals("imageManifest")) s[0] = text(value);
                        else if (field.equals("imageManifestMediaType")) s[1] = text(value);
                    }, () -> {
                        if (s[0] == null) throw new IOException("an image without its manifest");
                        images.add(new Manifest(s[0], s[1]));
                    });
                });
                case "failures" -> objects(v, () -> f -> fields(f, (field, value) -> {
                    if (field.equals("failureCode")) failures.add(text(value));
                }));
                default -> { }
            }
        });
        return new Images(images, failures);
    }

    private static Referrers readReferrers(JsonParser p) throws IOException {
        List<Referrer> referrers = new ArrayList<>();
        String[] next = {null};
        fields(p, (name, v) -> {
            if (name.equals("referrers")) objects(v, () -> {
                String[] s = new String[3];
                long[] size = {0};
                Map<String, String> annotations = new HashMap<>();
                return r -> fields(r, (field, value) -> {
                    switch (field) {
                        case "digest" -> s[0] = text(value);
                        case "mediaType" -> s[1] = text(value);
                        case "artifactType" -> s[2] = text(value);
                        case "size" -> size[0] = value.getValueAsLong();
                        case "annotations" -> fields(value, (key, annotation) -> annotations.put(key, text(annotation)));
                        default -> { }
                    }
                }, () -> {
                    if (s[0] == null || s[1] == null) throw new IOException("a referrer without its digest or media type");
                    referrers.add(new Referrer(s[0], s[1], size[0], s[2], Map.copyOf(annotations)));
                });
            });
            else if (name.equals("nextToken")) next[0] = text(v);
        });
        return new Referrers(referrers, Optional.ofNullable(next[0]));
    }

    /** A listing's page: {@code field} of each object in the array {@code list}, and {@code nextToken}. */
    private static Page readPage(JsonParser p, String list, String field) throws IOException {
        List<String> items = new ArrayList<>();
        String[] next = {null};
        fields(p, (name, v) -> {
            if (name.equals(list)) objects(v, () -> o -> fields(o, (f, value) -> {
                if (f.equals(field) && value.currentToken() == JsonToken.VALUE_STRING) items.add(value.getText());
            }));
            else if (name.equals("nextToken")) next[0] = text(v);
        });
        return new Page(items, Optional.ofNullable(next[0]));
    }

    // A small reader over Jackson's streaming parser: the answers are a few known fields in a larger document.

    @FunctionalInterface
    private interface FieldReader {
        /** The parser is at the field's value; whatever of it is left unread is skipped. */
        void read(String name, JsonParser value) throws IOException;
    }

    @FunctionalInterface
    private interface ObjectReader {
        void read(JsonParser object) throws IOException;
    }

    @FunctionalInterface
    private interface ElementReaders {
        /** A reader for the next element of an array (state of its own). */
        ObjectReader next();
    }

    @FunctionalInterface
    private interface Done {
        void run() throws IOException;
    }

    /** The fields of the object the parser is at; null counts as an object without fields. */
    private static void fields(JsonParser p, FieldReader reader) throws IOException {
        fields(p, reader, () -> { });
    }

    private static void fields(JsonParser p, FieldReader reader, Done done) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return;
        if (p.currentToken() != JsonToken.START_OBJECT) throw new IOException("expected an object, not " + p.currentToken());
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            reader.read(name, p);
            p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) throw new IOException("an object cut short");
        done.run();
    }

    /** Each object of the array the parser is at; null counts as empty. */
    private static void objects(JsonParser p, ElementReaders readers) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return;
        if (p.currentToken() != JsonToken.START_ARRAY) throw new IOException("expected an array, not " + p.currentToken());
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) readers.next().read(p);
        if (t != JsonToken.END_ARRAY) throw new IOException("an array cut short");
    }

    private static String text(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw new IOException("expected a string, not " + p.currentToken());
        };
    }
}
