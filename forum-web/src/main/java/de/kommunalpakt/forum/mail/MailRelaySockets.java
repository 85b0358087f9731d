package de.kommunalpakt.forum.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * SMTP connections to the relay with {@code TCP_NODELAY}. Jakarta Mail writes a mail
 * through an 8 KB buffer; of a larger mail the last piece goes out as a small segment,
 * and with Nagle's algorithm the system holds it until the relay acknowledges what went
 * before, which the relay delays (40 ms on Linux) because it has nothing to answer before
 * the mail's end. Measured with a throwaway client against the mail server process of
 * {@code ./forum start} (04.12.2026): a 7.4 KB mail went at 179 mails/s on one
 * connection, an 8.2 KB one at 20/s with the server's processor mostly idle; 9 KB mails
 * at 21/s without this option and 343/s with it, 87 against 568/s on four connections. A
 * relay on another machine delays its acknowledgement the same way. Small mails (an
 * immediate mail, the digests of {@code ./forum bench-mail}) never waited.
 * <p>
 * The factory goes into the sender's {@code mail.smtp.socketFactory} (unless one is set
 * there already), before its session exists. With STARTTLS, Jakarta Mail wraps that
 * socket into TLS with the default SSL factory, so the option stays.
 */
@Configuration(proxyBeanMethods = false)
class MailRelaySockets {

	static final String PROPERTY = "mail.smtp.socketFactory";

	@Bean
	static BeanPostProcessor mailRelaySocketsWithoutDelay() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof JavaMailSenderImpl sender) {
					sender.getJavaMailProperties().putIfAbsent(PROPERTY, NoDelay.INSTANCE);
				}
				return bean;
			}

		};
	}

	/** Plain sockets with {@code TCP_NODELAY} set. */
	static final class NoDelay extends SocketFactory {

		static final NoDelay INSTANCE = new NoDelay();

		private static Socket noDelay(Socket socket) throws IOException {
			socket.setTcpNoDelay(true);
			return socket;
		}

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(new Socket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(new Socket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return noDelay(new Socket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(new Socket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return noDelay(new Socket(address, port, localAddress, localPort));
		}

	}

}
