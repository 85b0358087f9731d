package de.kommunalpakt.forum.demo.reuse;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The presenter's live scenario.
 *
 * @param stepDelay pause before each step, so the audience can follow (the admin page may
 * choose another one per run)
 */
@ConfigurationProperties("forum.demo.scenario")
public record DemoScenarioProperties(@DefaultValue("10s") Duration stepDelay) {
}
