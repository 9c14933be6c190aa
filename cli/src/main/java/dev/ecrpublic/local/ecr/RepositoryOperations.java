package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonProtocol;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** DescribeRepositories, with the ARNs and URIs a repository has in its store's account and region. */
final class RepositoryOperations {
    private record Repository(String name, Instant createdAt) {}

    private final ImageStore store;
    private final ObjectMapper mapper;
    private final String registryId;
    private final String region;

    RepositoryOperations(ImageStore store, ObjectMapper mapper, String registryId, String region) {
        this.store = store;
        this.mapper = mapper;
        this.registryId = registryId;
        this.region = region;
    }

    ObjectNode describeRepositories(AwsJsonRequest request) {
        Optional<List<String>> names = request.strings("repositoryNames", 1, EcrConstraints.BATCH_MAX);
        List<Repository> selected;
        Optional<String> nextToken = Optional.empty();
        if (names.isPresent()) {
            Pages.refusePagingWith(request, "repositoryNames");
            selected = new ArrayList<>();
            for (String name : new LinkedHashSet<>(names.get())) {
                EcrOperations.checkRepositoryName("repositoryNames", name);
                selected.add(repository(name).orElseThrow(() -> EcrError.repositoryNotFound(name, registryId)));
            }
        } else {
            Pages.Window window = Pages.Window.of(request, "DescribeRepositories");
            List<Repository> all = store.repositories().stream().flatMap(name -> repository(name).stream()).toList();
            Pages.Page<Repository> page = Pages.page(all, r -> Pages.position(r.createdAt(), r.name()), window);
            selected = page.items();
            nextToken = page.nextToken();
        }
        ObjectNode response = mapper.createObjectNode();
        ArrayNode out = response.putArray("repositories");
        selected.forEach(repository -> out.add(describe(repository)));
        nextToken.ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    private Optional<Repository> repository(String name) {
        return store.createdAt(name).map(createdAt -> new Repository(name, createdAt));
    }

    private ObjectNode describe(Repository repository) {
        ObjectNode node = mapper.createObjectNode()
                .put("repositoryArn", new RepositoryArn(region, registryId, repository.name()).toString())
                .put("registryId", registryId)
                .put("repositoryName", repository.name())
                .put("repositoryUri", registryId + ".dkr.ecr." + region + ".amazonaws.com/"
                        + repository.name())
                .put("createdAt", AwsJsonProtocol.timestamp(repository.createdAt()))
                .put("imageTagMutability", "MUTABLE");
        node.putObject("imageScanningConfiguration").put("scanOnPush", false);
        node.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return node;
    }
}
