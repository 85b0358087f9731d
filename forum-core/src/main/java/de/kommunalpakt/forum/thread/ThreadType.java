package de.kommunalpakt.forum.thread;

/** What a thread is for. Only questions have an accepted answer. */
public enum ThreadType {

	QUESTION, DISCUSSION, ANNOUNCEMENT

}
