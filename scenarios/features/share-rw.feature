# Slides 51-59: what share-rw fixes. Same facts as library/share-rw.scenario.
@perms @devices
Feature: share-rw
  A guest device writes its disk and, by default, does not let anybody else write it: two
  devices on one node refuse each other unless both tolerate other writers (share-rw=on).
  Which pair QEMU names in the message depends on the order they were attached.

  Background:
    Given a raw image shared.img of 64M
    And a raw node disk on image shared.img

  Scenario: Two writers without share-rw refuse each other
    Given a virtio-blk device vda on disk
    When a virtio-blk device vdb on disk
    Then it fails with:
      """
      Permission conflict on node 'disk': permissions 'write' are both required by block device '/machine/peripheral/vda/virtio-backend' (uses node 'disk' as 'root' child) and unshared by block device '/machine/peripheral/vdb/virtio-backend' (uses node 'disk' as 'root' child).
      """

  Scenario: share-rw on the second device only: the pair is reversed
    Given a virtio-blk device vda on disk
    When a virtio-blk device vdb on disk with share-rw=on
    Then it fails with:
      """
      Permission conflict on node 'disk': permissions 'write' are both required by block device '/machine/peripheral/vdb/virtio-backend' (uses node 'disk' as 'root' child) and unshared by block device '/machine/peripheral/vda/virtio-backend' (uses node 'disk' as 'root' child).
      """

  Scenario Outline: share-rw on both devices: both write (first=<first>, second=<second>)
    Given a virtio-blk device vda on disk with share-rw=<first>
    And a virtio-blk device vdb on disk with share-rw=<second>
    When pattern 0xaa is written to vda at 0 for 4k
    And pattern 0xbb is written to vdb at 4k for 4k
    Then vdb reads pattern 0xaa at 0 for 4k
    And vda reads pattern 0xbb at 4k for 4k
    And the parents of disk require consistent-read, write and share consistent-read, write, write-unchanged, resize

    Examples:
      | first | second |
      | on    | on     |

  Scenario: Readers never need share-rw
    Given a raw node ro with file={ file filename=shared.img read-only=on } read-only=on
    And a virtio-blk device vda on ro
    And a virtio-blk device vdb on ro

  Scenario: Hot-unplugging one writer lets another in
    Given a virtio-blk device vda on disk
    When device vda is unplugged
    Then DEVICE_DELETED is emitted with:
      """json
      {"path": "/machine/peripheral/vda/virtio-backend"}
      """
    And DEVICE_DELETED is emitted with:
      """json
      {"device": "vda", "path": "/machine/peripheral/vda"}
      """
    And a virtio-blk device vdb on disk
