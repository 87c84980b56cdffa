package io.amplifier.appapi.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Parser limits for the one ObjectMapper (request bodies, and Axon's event serializer, which uses
 * the same mapper): duplicate keys are an error, and nesting and string length have hard caps. The
 * caps leave room above what a request may carry ({@link BodyTextAdvice} allows 64 levels; bodies
 * are at most {@code MAX_REQUEST_BYTES}), so an event written from an accepted request can always
 * be read back.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

  static final int MAX_NESTING_DEPTH = 128;
  static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;

  @Bean
  Jackson2ObjectMapperBuilderCustomizer jsonParserLimits() {
    return builder ->
        builder
            .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .postConfigurer(
                mapper ->
                    mapper
                        .getFactory()
                        .setStreamReadConstraints(
                            StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_NESTING_DEPTH)
                                .maxStringLength(MAX_STRING_LENGTH)
                                .build()));
  }
}
