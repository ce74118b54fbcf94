package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.qmp.transaction.AbortAction;
import org.blockspec.engine.qmp.transaction.Actions;
import org.blockspec.engine.qmp.transaction.ExternalSnapshot;
import org.blockspec.engine.qmp.transaction.TransactionAction;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * Several actions all or nothing, e.g. snapshots of every disk of a guest at one instant:
 * any failure undoes the actions before it. blockspec carries out {@code blockdev-snapshot},
 * {@code blockdev-snapshot-sync} and {@code abort}; QEMU's other action types are accepted
 * by the schema and refused.
 */
public final class TransactionCommand implements QmpCommand {
    private static final OptionType ACTION_TYPES = OptionType.enumOf("TransactionActionKind", "abort",
            "block-dirty-bitmap-add", "block-dirty-bitmap-remove", "block-dirty-bitmap-clear",
            "block-dirty-bitmap-enable", "block-dirty-bitmap-disable", "block-dirty-bitmap-merge", "blockdev-backup",
            "blockdev-snapshot", "blockdev-snapshot-internal-sync", "blockdev-snapshot-sync", "drive-backup");
    private static final OptionType PROPERTIES = new OptionType.Struct("TransactionProperties", List.of(
            OptionField.optional("completion-mode", OptionType.enumOf("ActionCompletionMode", "individual", "grouped"))));

    @Override public String name() { return "transaction"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("actions", OptionType.ANY), OptionField.optional("properties", PROPERTIES));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        JsonNode list = (JsonNode) args.get("actions");
        if (!list.isArray()) throw QmpError.generic("Invalid parameter type for 'actions', expected: array");
        var props = (org.blockspec.engine.spi.OptionValues) args.get("properties");
        boolean grouped = props != null && props.enumValue("completion-mode", "individual").equals("grouped");
        QapiInput in = new QapiInput(false, null);
        List<String> types = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "actions[" + i + "]";
            JsonNode a = list.get(i);
            if (!a.isObject()) throw QmpError.generic("Invalid parameter type for '" + path + "', expected: object");
            Set<String> visited = new LinkedHashSet<>();
            String type = (String) in.members(List.of(OptionField.required("type", ACTION_TYPES)), a, path + ".",
                    visited).get("type");
            JsonNode d = a.get("data");
            visited.add("data");
            if (d == null) throw QmpError.generic("Parameter '" + path + ".data' is missing");
            if (!d.isObject()) throw QmpError.generic("Invalid parameter type for '" + path + ".data', expected: object");
            in.checkUnexpected(a, path + ".", visited);
            List<OptionField> fields = switch (type) {
                case "blockdev-snapshot" -> ExternalSnapshot.SNAPSHOT_ARGS;
                case "blockdev-snapshot-sync" -> ExternalSnapshot.SYNC_ARGS;
                default -> List.of();
            };
            data.add(fields.isEmpty() && !type.equals("abort") ? Map.of() : in.struct(fields, d, path + ".data."));
            types.add(type);
        }
        List<TransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (grouped && type.startsWith("blockdev-snapshot")) {
                throw new BlockException("Action '" + type + "' does not support Transaction property completion-mode = grouped");
            }
            actions.add(switch (type) {
                case "blockdev-snapshot" -> ExternalSnapshot.existing(data.get(i));
                case "blockdev-snapshot-sync" -> ExternalSnapshot.sync(data.get(i));
                case "abort" -> new AbortAction();
                default -> throw new BlockException("blockspec does not support the transaction action '" + type + "'");
            });
        }
        Actions.run(ctx.engine(), actions);
        return QmpContext.empty();
    }
}
