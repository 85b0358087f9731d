package de.kommunalpakt.forum.changes;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Appends a change to the log, then announces it in this instance as an application
 * event. Other instances learn of it from the log.
 */
@Component
public class ChangePublisher {

	private final ChangeLog log;

	private final ApplicationEventPublisher events;

	public ChangePublisher(ChangeLog log, ApplicationEventPublisher events) {
		this.log = log;
		this.events = events;
	}

	public ForumChange publish(ForumChange change) {
		ForumChange logged = this.log.append(change);
		this.events.publishEvent(logged);
		return logged;
	}

}
