package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ImageArchivedException;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LayerInaccessibleException;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.UnableToListUpstreamImageReferrersException;
import software.amazon.awssdk.services.ecr.model.ValidationException;

import java.util.Map;

/**
 * The only place that knows ECR's failures. Messages are ours: ECR's own name the account id, which clients never see.
 */
public final class EcrErrors {
    private EcrErrors() {}

    public static RegistryException translate(SdkException e, Map<String, String> detail) {
        return switch (e) {
            case RepositoryNotFoundException x -> new RegistryException(OciError.NAME_UNKNOWN, null, detail);
            case ImageNotFoundException x -> new RegistryException(OciError.MANIFEST_UNKNOWN, null, detail);
            case ImageArchivedException x ->
                    new RegistryException(OciError.MANIFEST_UNKNOWN, "the image is archived; restore it in ECR first", detail);
            case LayersNotFoundException x -> new RegistryException(OciError.BLOB_UNKNOWN, null, detail);
            case LayerInaccessibleException x -> new RegistryException(OciError.BLOB_UNKNOWN, null, detail);
            case InvalidParameterException x -> new RegistryException(OciError.UNSUPPORTED, "the request is not valid for the backing registry", detail);
            case ValidationException x -> new RegistryException(OciError.UNSUPPORTED, "the request is not valid for the backing registry", detail);
            // A pull-through cache repository whose upstream could not list the referrers.
            case UnableToListUpstreamImageReferrersException x -> new RegistryException(OciError.UNAVAILABLE);
            case AwsServiceException x when x.isThrottlingException() -> new RegistryException(OciError.TOOMANYREQUESTS);
            case AwsServiceException x when isAccessDenied(x) -> new RegistryException(OciError.DENIED, null, detail);
            case AwsServiceException x when x.statusCode() >= 500 -> new RegistryException(OciError.UNAVAILABLE);
            case SdkClientException x -> new RegistryException(OciError.UNAVAILABLE);
            default -> new RegistryException(OciError.UNKNOWN);
        };
    }

    private static boolean isAccessDenied(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 403 || "AccessDeniedException".equals(code) || "AccessDenied".equals(code);
    }

    /** A failures[] entry of BatchGetImage, by its code as ECR sends it (newer codes are still strings to older SDKs). */
    public static RegistryException imageFailure(String failureCode, Map<String, String> detail) {
        return switch (failureCode == null ? "" : failureCode) {
            case "ImageNotFound", "ImageTagDoesNotMatchDigest", "MissingDigestAndTag", "ImageReferencedByManifestList" ->
                    new RegistryException(OciError.MANIFEST_UNKNOWN, null, detail);
            case "InvalidImageDigest" -> new RegistryException(OciError.DIGEST_INVALID, null, detail);
            case "InvalidImageTag" -> new RegistryException(OciError.TAG_INVALID, "invalid tag", detail);
            case "UpstreamTooManyRequests" -> new RegistryException(OciError.TOOMANYREQUESTS);
            case "UpstreamAccessDenied" -> new RegistryException(OciError.DENIED, null, detail);
            case "KmsError", "UpstreamUnavailable", "ImageInaccessible" -> new RegistryException(OciError.UNAVAILABLE);
            default -> new RegistryException(OciError.UNKNOWN);
        };
    }
}
