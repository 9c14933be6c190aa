package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.registry.OciError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageArchivedException;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LayerInaccessibleException;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.ServerException;
import software.amazon.awssdk.services.ecr.model.UnableToListUpstreamImageReferrersException;
import software.amazon.awssdk.services.ecr.model.ValidationException;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EcrErrorsTest {
    static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder().errorCode(code)
                .errorMessage("The repository with name 'x' does not exist in the registry with id '123456789012'").build();
    }

    static Stream<Arguments> exceptions() {
        return Stream.of(
                arguments(RepositoryNotFoundException.builder().awsErrorDetails(details("RepositoryNotFoundException")).statusCode(400).build(), OciError.NAME_UNKNOWN),
                arguments(ImageNotFoundException.builder().awsErrorDetails(details("ImageNotFoundException")).statusCode(400).build(), OciError.MANIFEST_UNKNOWN),
                arguments(ImageArchivedException.builder().awsErrorDetails(details("ImageArchivedException")).statusCode(400).build(), OciError.MANIFEST_UNKNOWN),
                arguments(LayersNotFoundException.builder().awsErrorDetails(details("LayersNotFoundException")).statusCode(400).build(), OciError.BLOB_UNKNOWN),
                arguments(LayerInaccessibleException.builder().awsErrorDetails(details("LayerInaccessibleException")).statusCode(400).build(), OciError.BLOB_UNKNOWN),
                arguments(InvalidParameterException.builder().awsErrorDetails(details("InvalidParameterException")).statusCode(400).build(), OciError.UNSUPPORTED),
                arguments(ValidationException.builder().awsErrorDetails(details("ValidationException")).statusCode(400).build(), OciError.UNSUPPORTED),
                arguments(UnableToListUpstreamImageReferrersException.builder().awsErrorDetails(details("UnableToListUpstreamImageReferrersException")).statusCode(400).build(), OciError.UNAVAILABLE),
                arguments(EcrException.builder().awsErrorDetails(details("ThrottlingException")).statusCode(400).build(), OciError.TOOMANYREQUESTS),
                arguments(EcrException.builder().awsErrorDetails(details("TooManyRequestsException")).statusCode(429).build(), OciError.TOOMANYREQUESTS),
                arguments(EcrException.builder().awsErrorDetails(details("AccessDeniedException")).statusCode(400).build(), OciError.DENIED),
                arguments(EcrException.builder().awsErrorDetails(details("Forbidden")).statusCode(403).build(), OciError.DENIED),
                arguments(ServerException.builder().awsErrorDetails(details("ServerException")).statusCode(500).build(), OciError.UNAVAILABLE),
                arguments(EcrException.builder().awsErrorDetails(details("ServiceUnavailable")).statusCode(503).build(), OciError.UNAVAILABLE),
                arguments(SdkClientException.create("connect timed out"), OciError.UNAVAILABLE),
                arguments(EcrException.builder().awsErrorDetails(details("SomethingNew")).statusCode(400).build(), OciError.UNKNOWN));
    }

    /** The SDK's exceptions, as its path reports them, and the same failures as the JSON path reads them. */
    @ParameterizedTest(name = "{1} from {0}")
    @MethodSource("exceptions")
    void translatesEveryEcrFailure(SdkException e, OciError expected) {
        EcrFailure failure = EcrSdkApi.failure(e);
        var translated = EcrErrors.translate(failure, Map.of("name", "x"));
        assertEquals(expected, translated.error());
        assertFalse(translated.getMessage().contains("123456789012"), translated.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "ThrottlingException, 400, true, true", "TooManyRequestsException, 429, true, true",
            "SomethingNew, 429, true, true", "ServerException, 500, false, true", ", 503, false, true",
            "RequestTimeoutException, 400, false, true", "RepositoryNotFoundException, 400, false, false",
            "AccessDeniedException, 400, false, false"})
    void throttlingAndTransientFailuresAreRetriedAsTheSdkRetriesThem(String code, int status, boolean throttling,
                                                                     boolean retryable) {
        EcrFailure failure = EcrFailure.answered(code, status, "m");
        assertEquals(throttling, EcrErrors.isThrottling(failure));
        assertEquals(retryable, EcrErrors.isRetryable(failure));
    }

    @org.junit.jupiter.api.Test
    void noAnswerIsUnavailableAndRetried() {
        EcrFailure failure = EcrFailure.noAnswer("Connection reset");
        assertEquals(OciError.UNAVAILABLE, EcrErrors.translate(failure, Map.of()).error());
        assertTrue(EcrErrors.isRetryable(failure));
    }

    @ParameterizedTest
    @CsvSource({
            "ImageNotFound, MANIFEST_UNKNOWN", "ImageTagDoesNotMatchDigest, MANIFEST_UNKNOWN",
            "InvalidImageDigest, DIGEST_INVALID", "InvalidImageTag, TAG_INVALID",
            "UpstreamTooManyRequests, TOOMANYREQUESTS", "UpstreamAccessDenied, DENIED",
            "KmsError, UNAVAILABLE", "UpstreamUnavailable, UNAVAILABLE", "NeverHeardOfIt, UNKNOWN"})
    void translatesBatchGetImageFailures(String code, OciError expected) {
        assertEquals(expected, EcrErrors.imageFailure(code, Map.of()).error());
    }
}
