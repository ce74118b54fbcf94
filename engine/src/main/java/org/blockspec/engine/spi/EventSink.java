package org.blockspec.engine.spi;

import java.util.Map;

/**
 * Where a driver sends QMP events (e.g. QUORUM_REPORT_BAD). Data members are given in QAPI
 * order; values are plain Java (String, Long, Boolean). Stable SPI.
 */
@FunctionalInterface
public interface EventSink {
    void emit(String event, Map<String, Object> data);
}
