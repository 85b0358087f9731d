package de.kommunalpakt.forum.web;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.CssLinkResourceTransformer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Styles, scripts and fonts under URLs that carry a hash of their content
 * ({@code /css/forum-3f2a….css}): a browser keeps them for a year without asking again
 * ({@code immutable}), and a changed file is a new URL. Links in pages are rewritten by
 * Thymeleaf's {@code @{...}} through Spring's resource URL filter, links inside style
 * sheets (the fonts) by {@link CssLinkResourceTransformer}. The unversioned URLs still
 * answer, for scripts that name a file directly.
 */
@Configuration(proxyBeanMethods = false)
class StaticAssetConfiguration implements WebMvcConfigurer {

	static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		for (String folder : StaticAssets.FOLDERS) {
			registry.addResourceHandler("/" + folder + "/**")
				.addResourceLocations("classpath:/static/" + folder + "/")
				.setCacheControl(IMMUTABLE)
				.resourceChain(true)
				.addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"))
				.addTransformer(new CssLinkResourceTransformer());
		}
		// The tab icon: at the root, where browsers look for it without a link; a week.
		registry.addResourceHandler(StaticAssets.ICONS.toArray(String[]::new))
			.addResourceLocations("classpath:/static/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(7)).cachePublic());
	}

}
