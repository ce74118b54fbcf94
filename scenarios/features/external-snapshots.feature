# Slides 27-28: external snapshots as libvirt takes them (virsh snapshot-create --disk-only).
@snapshots @graph
Feature: External snapshots
  A snapshot puts a new qcow2 overlay on top of the guest's disk: the overlay takes over every
  parent of the old top and gets it as its backing image, whose edge reads and lets nobody
  else write. The guest sees the same data and from then on writes only into the overlay.

  Background:
    Given a qcow2 image base.qcow2 of 1M
    And a qcow2 node base on image base.qcow2
    And a virtio-blk device vda on base
    When pattern 0x11 is written to vda at 0 for 64k

  Scenario: blockdev-snapshot-sync creates the overlay and the guest moves onto it
    When a snapshot of base is taken into s1.qcow2 as s1
    Then the graph is:
      | node       | driver | parent | same as |
      | s1         | qcow2  | vda    |         |
      | s1/file    | file   |        |         |
      | s1/backing |        |        | base    |
      | base       | qcow2  |        |         |
      | base/file  | file   |        |         |
    And the edge s1 -> base requires consistent-read and shares consistent-read, write-unchanged
    When pattern 0x22 is written to vda at 0 for 4k
    Then vda reads pattern 0x22 at 0 for 4k
    And vda reads pattern 0x11 at 4k for 60k
    And base reads pattern 0x11 at 0 for 4k

  Scenario Outline: The old top belongs to the overlay now: <how> it is refused
    When a snapshot of base is taken into s1.qcow2 as s1
    And <step>
    Then it fails with an error matching "<error>"

    Examples:
      | how                  | step                                        | error                                      |
      | writing through      | pattern 0x33 is written to base at 0 for 4k | Permission conflict on node 'base': permissions 'write' .* unshared by node 's1' .* |
      | deleting             | node base is deleted                        | Node 'base' is busy: node is used as .*    |
      | a second overlay for | a snapshot of base is taken into s2.qcow2 as s2 | Node 'base' is busy: node is used as backing hd of 's1' |

  Scenario: A snapshot into a raw file is refused and nothing changes
    When the client sends blockdev-snapshot-sync with:
      """json
      {"node-name": "base", "snapshot-file": "$DIR/s1.raw", "snapshot-node-name": "s1", "format": "raw"}
      """
    Then it fails with GenericError "Backing file not supported for file format 'raw'"
    And there is an edge from vda to base
    And base/file is a file node
