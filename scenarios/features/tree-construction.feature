# Slides 14-18 of "Managing the New Block Layer": building a tree of nodes with blockdev-add.
@tree
Feature: Tree construction
  A block graph is built bottom-up: a protocol node that talks to the host file first,
  then a format node that interprets its bytes. Libvirt names every node it creates, and
  names the ones QEMU creates by their position in the tree.

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

  Scenario Outline: A <driver> node over a protocol node on <image>
    Given a file node proto for <image>
    And a <driver> node top on proto
    Then top is a <driver> node

    Examples:
      | driver | image   |
      | raw    | foo.img |
      | raw    | bar.img |
