package rocks.ouroboros.sample;

import java.time.Duration;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import rocks.ouroboros.flow.Flow;
import rocks.ouroboros.flow.Ouroboros;
import rocks.ouroboros.flow.QosSpec;

/** The Spring twin of upstream's {@code oecho}: an echo server and a client on one layer. */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	CommandLineRunner echo() {
		return args -> {
			try (Ouroboros server = Ouroboros.embedded(); Ouroboros client = Ouroboros.embedded()) {
				server.bind("oecho");
				Thread serverThread = new Thread(() -> {
					try (Flow flow = server.accept()) {
						String line = flow.readLine();
						System.out.println("Server got: " + line);
						flow.writeLine(line);
					}
				});
				serverThread.start();
				try (Flow flow = client.alloc("oecho", QosSpec.RAW, Duration.ofSeconds(5))) {
					flow.writeLine("Client says hi!");
					System.out.println("Client got echo: " + flow.readLine() + " (backend " + client.backend() + ")");
				}
				serverThread.join();
			}
		};
	}

}
