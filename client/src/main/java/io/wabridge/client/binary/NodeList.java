package io.wabridge.client.binary;

import java.util.AbstractList;
import java.util.RandomAccess;

/** The immutable child list of a node, a view over an array the node owns (no copy on decode). */
final class NodeList extends AbstractList<Node> implements RandomAccess {

    static final NodeList EMPTY = new NodeList(new Node[0]);

    private final Node[] nodes;

    NodeList(Node[] nodes) {
        this.nodes = nodes;
    }

    @Override
    public Node get(int index) {
        return nodes[index];
    }

    @Override
    public int size() {
        return nodes.length;
    }
}
