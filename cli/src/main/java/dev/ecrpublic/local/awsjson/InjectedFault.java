package dev.ecrpublic.local.awsjson;

import java.util.Optional;

/**
 * A fault an emulator answers an operation with: either one of the service's own errors, or a fault below the
 * protocol that every service can suffer alike (see {@link WireFailure.Kind}), which {@link AwsServiceEmulator}
 * carries out.
 */
public interface InjectedFault {
    /** The fault below the protocol, or empty for a service error. */
    Optional<WireFailure.Kind> wire();

    /** The service's error; only asked when {@link #wire()} is empty. */
    AwsJsonError error();
}
