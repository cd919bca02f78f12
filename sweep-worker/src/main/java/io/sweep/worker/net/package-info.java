/**
 * The two-layer network as plain numbers ({@link io.sweep.worker.net.NetworkParameters}): the
 * common language of trainers (which produce parameters) and diagnostics (which read them).
 */
package io.sweep.worker.net;
