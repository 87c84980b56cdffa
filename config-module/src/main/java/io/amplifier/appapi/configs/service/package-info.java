/**
 * Application services of configs: what the config routes do between the HTTP adapter ({@code
 * web}), the aggregate ({@code command}), the read models ({@code query}) and the secrets ({@code
 * secrets}); and the refusals the routes answer with.
 */
@NullMarked
package io.amplifier.appapi.configs.service;

import org.jspecify.annotations.NullMarked;
