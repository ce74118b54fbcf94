package org.blockspec.engine.qmp;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;

/**
 * One QMP command: its name, its argument schema and its handler. Handlers run on the
 * engine's event loop, throw {@link QmpError} (or {@link BlockException}, reported as a
 * GenericError) and return the value of {@code "return"}.
 */
public interface QmpCommand {
    String name();

    /** Argument members in QAPI order; the dispatcher validates them before {@link #execute}. */
    List<OptionField> arguments();

    /**
     * @param args    validated arguments by name
     * @param rawArgs the arguments object as received (for commands with open-ended arguments)
     */
    JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode rawArgs) throws BlockException;

    /** Commands whose arguments are checked by the handler itself (blockdev-add, device_add). */
    default boolean validatesOwnArguments() {
        return false;
    }
}
