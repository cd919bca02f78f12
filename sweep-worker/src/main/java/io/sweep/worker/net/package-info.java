/**
 * The network as plain numbers ({@link io.sweep.worker.net.NetworkParameters}, any depth): the
 * common language of trainers (which produce parameters) and diagnostics (which read them).
 */
package io.sweep.worker.net;
