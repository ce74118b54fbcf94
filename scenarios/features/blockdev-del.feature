# Slide 26: who owns a node. Same facts as library/blockdev-del.scenario.
@refcount
Feature: blockdev-del and references
  The monitor owns what blockdev-add created at the top of a tree; nested nodes belong to their
  parent, and every parent holds a reference. blockdev-del drops the monitor's reference only:
  a node still used by another node or by a guest device stays, and the command says why.

  Background:
    Given a raw image disk.img of 64M

  Scenario: Deleting a node deletes the children it created
    Given a raw node disk on image disk.img
    When node disk is deleted
    Then the graph is empty

  Scenario: A named nested child is not the monitor's to delete
    Given a raw node disk with file={ file node-name=proto filename=disk.img }
    When node proto is deleted
    Then it fails with GenericError "Node proto is not owned by the monitor"
    When node disk is deleted
    And the client sends blockdev-del with:
      """json
      {"node-name": "proto"}
      """
    Then it fails with GenericError "Failed to find node with node-name='proto'"

  Scenario: A referenced node is in use until its parent is gone
    Given a file node proto for disk.img
    And a raw node disk on proto
    When node proto is deleted
    Then it fails with "Block device proto is in use"
    When node disk is deleted
    And node proto is deleted
    Then the graph is empty

  @devices
  Scenario: A node under a guest device cannot be deleted
    Given a raw node disk on image disk.img
    And a virtio-blk device vda on disk
    When node disk is deleted
    Then it fails with "Node disk is in use"
    When device vda is unplugged
    And node disk is deleted

  Scenario: Deleting a node that does not exist
    When the client sends blockdev-del with:
      """json
      {"node-name": "ghost"}
      """
    Then it fails with GenericError "Failed to find node with node-name='ghost'"

  Scenario: One file node, two raw parents: each reference counts
    Given a file node proto for disk.img
    And a raw node a on proto
    And a raw node b on proto
    When node a is deleted
    And node proto is deleted
    Then it fails with "Block device proto is in use"
    When node b is deleted
    And node proto is deleted
