package io.tokengate.gateway.acquirer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the acquirer connection: every call gets {@code tokengate.acquirer.timeout}
 * to answer, after which it is abandoned (interrupted) and reported as a {@code Timeout}. A call
 * that throws is a {@code ProcessingError}; the exception goes to the log, never to the caller's
 * response. Calls run on virtual threads, so waiting costs no platform thread.
 */
final class TimeLimitedAcquirer implements Acquirer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimeLimitedAcquirer.class);

    private final Acquirer delegate;
    private final AcquirerProperties properties;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    TimeLimitedAcquirer(Acquirer delegate, AcquirerProperties properties) {
        this.delegate = delegate;
        this.properties = properties;
    }

    @Override
    public AcquirerResult authorize(AuthorizationRequest request) {
        return call("authorize", () -> delegate.authorize(request), AcquirerResult.Timeout::new,
                AcquirerResult.ProcessingError::new);
    }

    @Override
    public AcquirerResult capture(String reference, String acquirerReference, long amount) {
        return call("capture", () -> delegate.capture(reference, acquirerReference, amount),
                AcquirerResult.Timeout::new, AcquirerResult.ProcessingError::new);
    }

    @Override
    public AcquirerResult voidAuthorization(String reference, String acquirerReference) {
        return call("void", () -> delegate.voidAuthorization(reference, acquirerReference),
                AcquirerResult.Timeout::new, AcquirerResult.ProcessingError::new);
    }

    @Override
    public AcquirerResult refund(RefundRequest request) {
        return call("refund", () -> delegate.refund(request), AcquirerResult.Timeout::new,
                AcquirerResult.ProcessingError::new);
    }

    @Override
    public VerificationResult verify(VerificationRequest request) {
        return call("verify", () -> delegate.verify(request), VerificationResult.Timeout::new,
                VerificationResult.ProcessingError::new);
    }

    @Override
    public ChallengeResult completeChallenge(String challengeId, String passcode) {
        return call("challenge", () -> delegate.completeChallenge(challengeId, passcode), ChallengeResult.Timeout::new,
                ChallengeResult.ProcessingError::new);
    }

    @Override
    public LookupResult lookup(String reference) {
        return call("lookup", () -> delegate.lookup(reference), () -> new LookupResult.Unavailable("timeout"),
                LookupResult.Unavailable::new);
    }

    private <R> R call(String operation, Supplier<R> work, Supplier<R> timeout, Function<String, R> error) {
        Duration limit = properties.getTimeout();
        Future<R> future = executor.submit(work::get);
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            log.warn("acquirer {} gave no answer within {}", operation, limit);
            return timeout.get();
        } catch (ExecutionException e) {
            log.warn("acquirer {} failed", operation, e.getCause());
            return error.apply("acquirer_error");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return timeout.get();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
