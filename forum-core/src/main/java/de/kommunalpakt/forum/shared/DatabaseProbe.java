package de.kommunalpakt.forum.shared;

/** Asks the forum's database whether it answers (for the health check). */
@FunctionalInterface
public interface DatabaseProbe {

	/**
	 * Sends the lightest command the database knows.
	 * @return the database's name
	 * @throws RuntimeException when it does not answer
	 */
	String ping();

}
