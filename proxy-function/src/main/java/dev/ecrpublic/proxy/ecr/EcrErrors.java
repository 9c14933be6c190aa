package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.util.Map;
import java.util.Set;

/**
 * The only place that knows ECR's failures: what each error code means to a client, and which ones are worth another
 * attempt. Both paths to ECR (the SDK client and the signed JSON calls) report failures as an {@link EcrFailure} with
 * ECR's error code, so they map alike. Messages are ours: ECR's own name the account id, which clients never see.
 */
public final class EcrErrors {
    /** The codes the SDK treats as throttling (its {@code AwsErrorCode}), besides any 429. */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException", "EC2ThrottledException",
            "TransactionInProgressException");
    /** Codes and statuses the SDK's standard retry strategy tries again. */
    private static final Set<String> TRANSIENT = Set.of("PriorRequestNotComplete", "RequestTimeout",
            "RequestTimeoutException", "InternalError");
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(500, 502, 503, 504);

    private EcrErrors() {}

    public static RegistryException translate(EcrFailure e, Map<String, String> detail) {
        if (!e.answered()) return new RegistryException(OciError.UNAVAILABLE);
        String code = e.errorCode().orElse("");
        return switch (code) {
            case "RepositoryNotFoundException" -> new RegistryException(OciError.NAME_UNKNOWN, null, detail);
            case "ImageNotFoundException" -> new RegistryException(OciError.MANIFEST_UNKNOWN, null, detail);
            case "ImageArchivedException" ->
                    new RegistryException(OciError.MANIFEST_UNKNOWN, "the image is archived; restore it in ECR first", detail);
            case "LayersNotFoundException", "LayerInaccessibleException" ->
                    new RegistryException(OciError.BLOB_UNKNOWN, null, detail);
            case "InvalidParameterException", "ValidationException" ->
                    new RegistryException(OciError.UNSUPPORTED, "the request is not valid for the backing registry", detail);
            // A pull-through cache repository whose upstream could not list the referrers.
            case "UnableToListUpstreamImageReferrersException" -> new RegistryException(OciError.UNAVAILABLE);
            default -> {
                if (isThrottling(e)) yield new RegistryException(OciError.TOOMANYREQUESTS);
                if (e.status() == 403 || code.equals("AccessDeniedException") || code.equals("AccessDenied"))
                    yield new RegistryException(OciError.DENIED, null, detail);
                if (e.status() >= 500) yield new RegistryException(OciError.UNAVAILABLE);
                yield new RegistryException(OciError.UNKNOWN);
            }
        };
    }

    public static boolean isThrottling(EcrFailure e) {
        return e.status() == 429 || e.errorCode().filter(THROTTLING::contains).isPresent();
    }

    /** Worth another attempt, as the SDK's standard retry strategy judges it: throttled, transient, or no answer. */
    public static boolean isRetryable(EcrFailure e) {
        return !e.answered() || isThrottling(e) || TRANSIENT_STATUS.contains(e.status())
                || e.errorCode().filter(TRANSIENT::contains).isPresent();
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
