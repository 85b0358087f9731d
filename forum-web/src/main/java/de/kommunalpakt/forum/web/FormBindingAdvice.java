package de.kommunalpakt.forum.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Form binding without Spring's field markers. A parameter starting with {@code _} counts
 * to Spring as the marker of an empty checkbox, and the binder asks the form object for
 * the field behind it: for {@code _csrf}, which every form sends, that is a thrown and
 * caught {@code NotReadablePropertyException} per form sent. The forum's forms name their
 * fields themselves and use no markers (no {@code th:field}, no hidden {@code _name}
 * field); an unticked checkbox is simply missing.
 */
@ControllerAdvice
class FormBindingAdvice {

	@InitBinder
	void withoutFieldMarkers(WebDataBinder binder) {
		binder.setFieldMarkerPrefix(null);
	}

}
