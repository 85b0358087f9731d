/**
 * Field checks of form input that report every problem at once, each as a message code.
 */
package de.kommunalpakt.forum.validation;
