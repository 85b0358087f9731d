package de.kommunalpakt.forum.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Settings of the audit log.
 *
 * @param retention how long an entry is kept (two years unless set); independent of the
 * change log's 14 days
 */
@Validated
@ConfigurationProperties("forum.audit")
public record AuditProperties(@NotNull @DefaultValue("P730D") Duration retention) {

}
