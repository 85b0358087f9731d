package de.kommunalpakt.forum.demo;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the embedded profile, as in production, no demo content is ever written. */
class DemoContentAbsentTests extends WebTestSupport {

	@Autowired
	ApplicationContext context;

	@Test
	void productionContextHasNoDemoLoaderAndNoDemoSpaces() {
		assertThat(this.context.containsBean("demoContent")).isFalse();
		assertThat(this.spaces.findAll()).noneSatisfy((s) -> assertThat(s.id()).isEqualTo(DemoContent.FRAGEN));
	}

}
