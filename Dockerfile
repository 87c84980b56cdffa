# syntax=docker/dockerfile:1
# Build: docker build -t amplifier-app-api .   Run: see compose.yaml and README ("Containers").
# Stage 1 builds the jar with the project's Maven wrapper and unpacks Spring Boot's extracted layout.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q install -DskipTests \
 && java -Djarmode=tools -jar app/target/amplifier-app-api.jar extract --destination /out

# Stage 2: a Java 25 JRE (virtual threads for turns, and the AOT cache), the extracted jar, a
# non-root user.
FROM eclipse-temurin:25-jre
RUN groupadd --system amplifier \
 && useradd --system --gid amplifier --uid 10001 --home-dir /app amplifier \
 && mkdir -p /app/data /app/aot \
 && chown amplifier:amplifier /app/data /app/aot
WORKDIR /app
COPY --from=build --chown=amplifier:amplifier /out/ /app/
# The service's JVM flags (heap, collector, native trim; chosen by measurement: docs/benchmarks.md); mount
# another file here to change them.
COPY --from=build --chown=amplifier:amplifier /src/app/jvm.options /app/jvm.options
COPY --from=build /src/app/train.sh /usr/local/bin/amplifier-train
USER 10001
# Train the AOT cache (JEP 483/514: loaded and linked classes, method profiles) with this JRE, the
# flags, jar path and working directory of the ENTRYPOINT: one real start on a throwaway embedded
# PostgreSQL (under a temporary directory, removed with its master key and data), the warm-up,
# a few create, read and turn requests, then a stop. The cache is written as the JVM exits.
RUN amplifier-train /app/amplifier-app-api.jar @/app/jvm.options -XX:AOTCacheOutput=/app/aot/app.aot \
 && test -s /app/aot/app.aot && test -z "$(ls -A /app/data)"
# Listening beyond loopback needs authentication: the image is secure by default and will not
# start without SECRET_KEY, CONFIG_ENCRYPTION_KEY and DATABASE_URL (README, "Security").
ENV SERVICE_PORT=8765 \
    SERVICE_HOST=0.0.0.0 \
    AUTH_REQUIRED=true \
    AMPLIFIER_DATA_DIR=/app/data
EXPOSE 8765
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8765 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Started from the AOT cache (a JVM that cannot use it says so and starts without it).
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:AOTCache=/app/aot/app.aot", "-jar", "/app/amplifier-app-api.jar"]
