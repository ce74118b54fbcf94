# Slides 10-11 and 14-18 of "Managing the New Block Layer": building a tree of nodes with
# blockdev-add, and rooting it in a guest device. Same facts as library/tree-construction.scenario.
@tree
Feature: Tree construction
  A disk is built bottom-up: a protocol node that reaches the host file first, then a format
  node that interprets its bytes. Management tools name every node they create; a child defined
  inside its parent gets a generated #blockNNN name, which a spec never writes: it names such a
  node by where it sits (foo/file).

  Background:
    Given a raw image foo.img of 64M
    And a raw image bar.img of 64M

  Scenario: A protocol node, then a format node that references it
    Given a file node foo-protocol for foo.img
    And a raw node foo on foo-protocol
    Then the graph is:
      | node         | driver | same as      |
      | foo          | raw    |              |
      | foo-protocol | file   |              |
      | foo/file     |        | foo-protocol |

  Scenario: A child defined inside its parent gets a generated name, found by position
    Given a raw node foo on image foo.img
    Then the graph is:
      | node     | driver |
      | foo      | raw    |
      | foo/file | file   |
    When the client sends query-named-block-nodes
    Then the reply is:
      """json
      [{"node-name": "foo"}, {"node-name": matches "#block[0-9]+", "drv": "file"}]
      """

  Scenario: A nested child may carry its own node-name
    Given a raw node foo with file={ file node-name=foo-protocol filename=foo.img }
    Then foo/file is the same node as foo-protocol
    # It is usable by name like any node...
    Given a raw node again on foo-protocol
    Then again/file is the same node as foo-protocol

  Scenario: The JSON form says the same as the compact one
    Given a node added with:
      """json
      {"driver": "raw", "node-name": "foo", "file": {"driver": "file", "filename": "$DIR/foo.img"}}
      """
    Then the graph is:
      | node     | driver |
      | foo      | raw    |
      | foo/file | file   |

  Scenario: Two trees on separate host files
    Given a raw node foo on image foo.img
    And a raw node bar on image bar.img
    Then the graph is:
      | node     | driver |
      | foo      | raw    |
      | foo/file | file   |
      | bar      | raw    |
      | bar/file | file   |

  Scenario: A null-co protocol node needs no host storage
    Given a null-co node scratch with size=1G read-zeroes=on
    And a raw node disk on scratch
    Then disk reads zeroes at 0 for 1M
    When the client sends query-named-block-nodes with:
      """json
      {"flat": true}
      """
    Then the reply is:
      """json
      [{"node-name": "disk", "image": {"virtual-size": 1073741824}}, {"node-name": "scratch"}]
      """

  @devices
  Scenario: Rooting the tree: a guest device holds the top node
    Given a raw node foo on image foo.img
    And a virtio-blk device vda on foo
    Then the graph is:
      | node     | driver | parent |
      | foo      | raw    | vda    |
      | foo/file | file   |        |
    When the client sends query-block
    Then the reply is:
      """json
      [{"device": "", "qdev": "/machine/peripheral/vda/virtio-backend", "inserted": {"node-name": "foo"}}]
      """
