package org.blockspec.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class NodeNamesTest {
    @Test
    void wellFormedNames() {
        assertTrue(NodeNames.wellFormed("a"));
        assertTrue(NodeNames.wellFormed("disk0.backing-file_2"));
        assertFalse(NodeNames.wellFormed(""));
        assertFalse(NodeNames.wellFormed("1x"));
        assertFalse(NodeNames.wellFormed("#block004"));
        assertFalse(NodeNames.wellFormed("a b"));
        assertFalse(NodeNames.wellFormed("é"));
    }

    @Test
    void autoNamesCountUpWithTwoRandomDigits() {
        NodeNames n = new NodeNames(new Random(1));
        String first = n.generate();
        String second = n.generate();
        assertTrue(first.matches("#block0\\d\\d"), first);
        assertTrue(second.matches("#block1\\d\\d"), second);
        for (int i = 2; i < 12; i++) n.generate();
        assertTrue(n.generate().matches("#block12\\d\\d"));
    }
}
