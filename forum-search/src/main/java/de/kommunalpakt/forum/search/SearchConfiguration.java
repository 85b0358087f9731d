package de.kommunalpakt.forum.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Elasticsearch Java client (8.19) on the low-level REST client. Boot 4 configures
 * the 9.x client only, hence this small configuration of our own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SearchProperties.class)
public class SearchConfiguration {

	@Bean(destroyMethod = "close")
	RestClient elasticsearchRestClient(SearchProperties properties) {
		HttpHost[] hosts = properties.uris().stream().map(HttpHost::create).toArray(HttpHost[]::new);
		int timeout = (int) properties.timeout().toMillis();
		return RestClient.builder(hosts)
			.setRequestConfigCallback((config) -> config.setConnectTimeout(timeout).setSocketTimeout(timeout))
			.build();
	}

	@Bean
	ElasticsearchClient elasticsearchClient(RestClient restClient) {
		return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
	}

}
