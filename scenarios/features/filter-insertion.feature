# Slides 12 and 65: filters have no metadata, so they can go anywhere in the graph, and the
# talk proposed inserting them into a running graph. QEMU 7.2 never shipped that; blockspec
# has it as x-blockdev-insert-node / x-blockdev-remove-node. Same facts as
# library/filter-insertion.scenario.
@filters @extensions
Feature: Inserting and removing filters
  A throttle node is added on the node it should sit on, then spliced in under the node's
  parents (all of them, or one edge), and later taken out again. Each of these is one checked
  graph change: if the permission system refuses it, nothing moves.

  Background:
    Given a raw image disk.img of 64M
    And a raw node disk on image disk.img
    And a virtio-blk device vda on disk
    When the client sends object-add with:
      """json
      {"qom-type": "throttle-group", "id": "tg0", "limits": {"bps-total": 1048576}}
      """

  @throttle
  Scenario: Throttle a running guest, then stop throttling it
    Given a throttle node slow on disk with throttle-group=tg0
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "slow"}
      """
    Then the graph is:
      | node      | driver   | parent | same as |
      | slow      | throttle | vda    |         |
      | slow/file |          |        | disk    |
      | disk      | raw      |        |         |
      | disk/file | file     |        |         |
    And the edge slow -> disk requires consistent-read, write and shares consistent-read, write-unchanged, resize
    When qemu-io runs "write 0 1M" on vda
    And qemu-io runs "write 1M 1M" on vda
    Then the clock moved 0.9s
    When the client sends x-blockdev-remove-node with:
      """json
      {"filter": "slow"}
      """
    And node slow is deleted
    Then the graph is:
      | node      | driver | parent |
      | disk      | raw    | vda    |
      | disk/file | file   |        |
    When qemu-io runs "write 0 1M" on vda
    And qemu-io runs "write 1M 1M" on vda
    Then the clock moved 0s

  Scenario: Insert on one edge only: between a format node and its protocol node
    Given a raw image other.img of 64M
    And a file node proto for other.img
    And a raw node fmt on proto
    And a throttle node slow on proto with throttle-group=tg0
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "slow", "parent": "fmt", "child": "file"}
      """
    Then the graph contains:
      | node      | driver   | same as |
      | fmt       | raw      |         |
      | fmt/file  |          | slow    |
      | slow      | throttle |         |
      | slow/file |          | proto   |
      | proto     | file     |         |
    When the client sends x-blockdev-remove-node with:
      """json
      {"filter": "slow"}
      """
    Then fmt/file is the same node as proto

  Scenario: Only filters with no parents of their own can be inserted
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "disk"}
      """
    Then it fails with GenericError "Node 'disk' is not a filter"
    Given a throttle node slow on disk with throttle-group=tg0
    And a raw node above on slow
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "slow"}
      """
    Then it fails with GenericError "Filter 'slow' is already in use: insert a filter without parents"

  Scenario: The edge named must lead where the filter sits
    Given a raw image other.img of 64M
    And a raw node other on image other.img
    And a throttle node slow on other with throttle-group=tg0
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "slow", "parent": "vda"}
      """
    Then it fails with GenericError "'vda' uses 'disk' there, but filter 'slow' sits on 'other'"
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "slow", "parent": "nosuch"}
      """
    Then it fails with GenericError "Cannot find device='nosuch' nor node-name='nosuch'"

  Scenario: A refused insertion changes nothing
    # A read-only filter cannot carry the guest's writes: the permission check refuses the
    # whole change and the guest keeps its old edge.
    Given a throttle node ro on disk with throttle-group=tg0 read-only=on
    When the client sends x-blockdev-insert-node with:
      """json
      {"filter": "ro"}
      """
    Then it fails with GenericError "Block node is read-only"
    And the graph is:
      | node      | driver   | parent | same as |
      | disk      | raw      | vda    |         |
      | disk/file | file     |        |         |
      | ro        | throttle |        |         |
      | ro/file   |          |        | disk    |
