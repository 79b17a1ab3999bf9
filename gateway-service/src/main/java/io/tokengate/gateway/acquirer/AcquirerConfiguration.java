package io.tokengate.gateway.acquirer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the one {@link Acquirer} the gateway uses: the built-in simulator, behind the client-side
 * time limit. A real acquirer adapter would be selected here by configuration.
 */
@Configuration(proxyBeanMethods = false)
class AcquirerConfiguration {

    @Bean(destroyMethod = "close")
    TimeLimitedAcquirer acquirer(SimulatorLedger ledger, AcquirerProperties properties, Clock clock) {
        return new TimeLimitedAcquirer(new SimulatedAcquirer(ledger, properties, clock), properties);
    }
}
