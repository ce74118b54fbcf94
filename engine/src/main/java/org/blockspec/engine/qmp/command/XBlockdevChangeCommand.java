package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildSlot;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perms;

/**
 * Adds a node as a new child of a parent that takes children at run time (quorum), or
 * removes one of its children by name; each a checked graph change.
 */
public final class XBlockdevChangeCommand implements QmpCommand {
    @Override public String name() { return "x-blockdev-change"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("parent", OptionType.STR), OptionField.optional("child", OptionType.STR),
                OptionField.optional("node", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Graph graph = ctx.engine().graph();
        String parentName = (String) args.get("parent");
        String childName = (String) args.get("child");
        String nodeName = (String) args.get("node");
        BlockNode parent = NodeLookup.deviceOrNode(graph, parentName, parentName);
        if ((childName == null) == (nodeName == null)) {
            throw new BlockException(childName != null ? "The parameters child and node are in conflict"
                    : "Either child or node must be specified");
        }
        if (childName != null) {
            remove(graph, parent, parentName, childName);
        } else {
            add(graph, parent, nodeName);
        }
        return QmpContext.empty();
    }

    private static void remove(Graph graph, BlockNode parent, String parentName, String childName) throws BlockException {
        ChildEdge edge = parent.child(childName);
        if (edge == null) throw new BlockException("Node '" + parentName + "' does not have child '" + childName + "'");
        if (parent.driver().newChildSlot() == null) {
            throw new BlockException("The node " + parent.name() + " does not support removing a child");
        }
        String refusal = parent.driver().refuseRemoval(edge);
        if (refusal != null) throw new BlockException(refusal);
        GraphChange.apply(graph, tran -> {
            graph.detach(edge, tran);
            return null;
        });
        parent.driver().childRemoved(edge);
    }

    private static void add(Graph graph, BlockNode parent, String nodeName) throws BlockException {
        BlockNode node = graph.node(nodeName);
        if (node == null) throw new BlockException("Node '" + nodeName + "' not found");
        ChildSlot slot = parent.driver().newChildSlot();
        if (slot == null) throw new BlockException("The node " + parent.name() + " does not support adding a child");
        if (!node.parents().isEmpty()) throw new BlockException("The node " + node.name() + " already has a parent");
        if (node.reaches(parent)) {
            throw new BlockException("Making '" + node.name() + "' a " + slot.name() + " child of '" + parent.name()
                    + "' would create a cycle");
        }
        ChildEdge edge = GraphChange.apply(graph, tran -> {
            ChildEdge e = graph.attach(parent, node, slot.name(), slot.role(), Perms.UNUSED, tran);
            PermissionRefresh.refresh(graph, List.of(parent), tran); // the parent's rule decides the new edge
            return e;
        });
        parent.driver().childAdded(edge);
    }
}
