package de.kommunalpakt.forum.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The presenter's page (profile {@code embedded}, or {@code demo-scenario} as in the
 * browser tests), checked with axe-core like every other page.
 */
class AdminDemoBrowserTests extends BrowserTestSupport {

	@Test
	void presenterPageHasNoWcag21AaViolations() {
		login("bmi");
		this.browser.get(url("/admin/demo"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isNotBlank();
		assertThat(this.browser.findElements(By.cssSelector("form[action='/admin/demo/start']"))).isNotEmpty();
		assertThat(accessibilityViolations()).as("axe-core on /admin/demo").isEmpty();
	}

}
