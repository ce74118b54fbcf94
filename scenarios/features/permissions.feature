# Slides 43-63: the permission system. Same facts as library/permissions.scenario.
@perms
Feature: Permissions
  Every edge of the graph takes some permissions on its child (consistent-read, write,
  write-unchanged, resize) and shares some with the child's other parents. A graph change that
  would leave a permission taken by one parent and unshared by another is refused whole.

  Background:
    Given a raw image disk.img of 64M
    And a file node proto for disk.img

  Scenario: Plain raw is a filter: it passes its parents' permissions through
    Given a raw node disk on proto
    Then the edge disk -> proto requires nothing and shares consistent-read, write, write-unchanged, resize
    When a virtio-blk device vda on disk
    Then the edge disk -> proto requires consistent-read, write and shares consistent-read, write-unchanged, resize

  Scenario: A raw window holds data: nobody else may resize the file
    Given a raw node part on proto with offset=1M size=1M
    Then the edge part -> proto requires nothing and shares consistent-read, write, write-unchanged
    When the client sends block_resize with:
      """json
      {"node-name": "proto", "size": 134217728}
      """
    Then it fails with GenericError "Permission conflict on node 'proto': permissions 'resize' are both required by an unnamed block device (uses node 'proto' as 'root' child) and unshared by node 'part' (uses node 'proto' as 'file' child)."

  @devices
  Scenario: A guest device reads and writes, and shares all but write
    Given a raw node disk on proto
    And a virtio-blk device vda on disk
    Then the edge vda -> disk requires consistent-read, write and shares consistent-read, write-unchanged, resize
    And the parents of disk require consistent-read, write and share consistent-read, write-unchanged, resize

  @devices
  Scenario: A device on a read-only node is read-only
    Given a raw node disk on proto with read-only=on
    And a virtio-blk device vda on disk
    Then the edge vda -> disk requires consistent-read and shares consistent-read, write-unchanged, resize
    When qemu-io runs "write 0 512" on vda
    Then it fails with "Block node is read-only"
    # Any number of readers may share it.
    Given a virtio-blk device vdb on disk

  Scenario: A writer needs a writable node all the way down
    Given a file node ro-proto for disk.img with read-only=on
    And a raw node disk on ro-proto
    When a virtio-blk device vda on disk
    Then it fails with GenericError "Block node is read-only"
    And the graph contains:
      | node     | driver | same as  |
      | disk     | raw    |          |
      | ro-proto | file   |          |
      | disk/file |       | ro-proto |

  Scenario: Two raw nodes on one file are fine: filters share everything
    Given a raw node a on proto
    And a raw node b on proto
    And a virtio-blk device vda on a with share-rw=on
    And a virtio-blk device vdb on b with share-rw=on
    Then the parents of proto require consistent-read, write and share consistent-read, write, write-unchanged, resize

  Scenario: force-share only goes with read-only
    When a raw node fs on image disk.img with force-share=on
    Then it fails with "force-share=on can only be used with read-only images"
    Given a raw node fs on image disk.img with force-share=on read-only=on
    # Every edge into a force-share node shares everything, whatever its parent wants.
    Then the edge fs -> fs/file requires nothing and shares consistent-read, write, write-unchanged, resize

  Scenario: A refused change leaves the graph exactly as it was
    Given a raw node disk on proto
    And a virtio-blk device vda on disk
    When a virtio-blk device vdb on disk
    Then it fails with an error matching "Permission conflict on node 'disk': .*"
    And the graph is:
      | node      | driver | parent | same as |
      | disk      | raw    | vda    |         |
      | disk/file |        |        | proto   |
      | proto     | file   |        |         |
    And the edge disk -> proto requires consistent-read, write and shares consistent-read, write-unchanged, resize
