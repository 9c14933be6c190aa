package dev.ecrpublic.local.ecr;

import dev.ecrpublic.local.awsjson.AwsJsonError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:aws:ecr:<region>:<account>:repository/<name>}: the resource the ECR tag operations name. */
record RepositoryArn(String region, String registryId, String repository) {
    private static final Pattern ARN =
            Pattern.compile("arn:aws(?:-[a-z]+)*:ecr:([a-z0-9-]+):(" + EcrConstraints.REGISTRY_ID + "):repository/(.+)");

    /** A string that is not a repository ARN, or names no valid repository, is an InvalidParameterException. */
    static RepositoryArn parse(String field, String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches())
            throw AwsJsonError.invalidParameter(field, "must be a repository ARN: 'arn:aws:ecr:<region>:<account>:repository/<name>'");
        EcrOperations.checkRepositoryName(field, m.group(3));
        return new RepositoryArn(m.group(1), m.group(2), m.group(3));
    }

    @Override
    public String toString() {
        return "arn:aws:ecr:" + region + ":" + registryId + ":repository/" + repository;
    }
}
