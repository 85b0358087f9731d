package de.kommunalpakt.forum.shared;

/**
 * Marks for set-up steps that must be done as a whole or not at all, such as loading the
 * demo content into an empty forum: {@link #begin} before the step's first write,
 * {@link #finish} after its last. A step that is begun but not finished was cut short:
 * the process ended in the middle of it. The caller decides what follows from that (the
 * local stack empties the database before the next start, see
 * {@code MongoSetupMarks#discardUnfinished}).
 */
public interface SetupMarks {

	/** Marks {@code step} as begun (again, if it was before). */
	void begin(String step);

	/** Marks a begun {@code step} as finished; does nothing if it was never begun. */
	void finish(String step);

	/** True while {@code step} is begun and not finished. */
	boolean unfinished(String step);

}
