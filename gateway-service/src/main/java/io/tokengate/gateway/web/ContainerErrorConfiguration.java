package io.tokengate.gateway.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link ContainerErrorValve} in place of every other error report valve of the host (Tomcat's
 * default and the one Spring Boot adds). Done when the context starts, after every customizer has
 * added its valves, so the order in which customizers run does not matter.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorValve() {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (java.util.Arrays.stream(host.getPipeline().getValves()).noneMatch(ContainerErrorValve.class::isInstance)) {
                    host.getPipeline().addValve(new ContainerErrorValve());
                }
            }
        }));
    }
}
