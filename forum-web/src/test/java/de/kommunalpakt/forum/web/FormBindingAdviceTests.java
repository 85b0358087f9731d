package de.kommunalpakt.forum.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.ServletRequestDataBinder;

import static org.assertj.core.api.Assertions.assertThat;

class FormBindingAdviceTests {

	@Test
	void parametersWithAnUnderscoreAreNoFieldMarkers() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/t/abc/antworten");
		request.addParameter("zitat", "3");
		request.addParameter("_csrf", "f3a9");
		request.addParameter("_text", "on");
		Form form = new Form();
		ServletRequestDataBinder binder = new ServletRequestDataBinder(form, "form");
		new FormBindingAdvice().withoutFieldMarkers(binder);
		binder.bind(request);
		assertThat(binder.getFieldMarkerPrefix()).isNull();
		assertThat(form.getZitat()).isEqualTo(3);
		// With Spring's markers, "_text" without "text" would have emptied the field.
		assertThat(form.getText()).isEqualTo("Entwurf");
	}

	@Test
	void withSpringsDefaultsTheSameRequestEmptiesTheField() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/t/abc/antworten");
		request.addParameter("_text", "on");
		Form form = new Form();
		new ServletRequestDataBinder(form, "form").bind(request);
		assertThat(form.getText()).isNull();
	}

	static class Form {

		private String text = "Entwurf";

		private Integer zitat;

		public String getText() {
			return this.text;
		}

		public void setText(String text) {
			this.text = text;
		}

		public Integer getZitat() {
			return this.zitat;
		}

		public void setZitat(Integer zitat) {
			this.zitat = zitat;
		}

	}

}
