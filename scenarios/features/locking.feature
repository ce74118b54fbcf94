# Slides 60-61 and 67: image locking across processes. Same facts as library/locking.scenario.
@locking @processes
Feature: Image locking across processes
  The permission system reaches across processes through OFD locks on the image file: byte
  100+bit says "I hold this permission", byte 200+bit "I do not share it". Each process here is
  a separate engine, so two of them refuse each other exactly as two QEMUs would, and
  qemu-img or another QEMU sees the same locks.

  Background:
    Given a raw image busy.img of 64M
    And a raw node disk on image busy.img
    And a virtio-blk device vda on disk

  Scenario: A running VM's disk is locked for everybody else
    Then the locks on busy.img hold consistent-read, write and unshare write
    Given in process vm2
    And a raw node disk on image busy.img
    When a virtio-blk device vda on disk
    Then it fails with 'Failed to get "write" lock'
    Given back in the main process
    # The refused open took nothing.
    Then the locks on busy.img hold consistent-read, write and unshare write

  Scenario: A read-only device still unshares writers, so it cannot join a writer
    Given in process vm2
    And a raw node disk with file={ file filename=busy.img read-only=on } read-only=on
    When a virtio-blk device vda on disk
    Then it fails with 'Failed to get shared "write" lock'

  Scenario: force-share lets a reader in, and the image changes under it
    Given in process vm2
    And a raw node disk on image busy.img with read-only=on force-share=on
    And a virtio-blk device vda on disk
    Then vda reads zeroes at 0 for 4k
    Given back in the main process
    # The reader published nothing: the locks are the writer's alone.
    Then the locks on busy.img hold consistent-read, write and unshare write
    When pattern 0x5a is written to vda at 0 for 4k
    Given in process vm2
    # Nobody wrote through this VM's disk, yet its data changed: why force-share is unsafe.
    Then vda reads pattern 0x5a at 0 for 4k

  Scenario: force-share only with read-only
    Given in process vm2
    When a raw node disk on image busy.img with force-share=on
    Then it fails with "force-share=on can only be used with read-only images"

  Scenario: share-rw on both VMs lets two writers share a disk
    When device vda is unplugged
    And a virtio-blk device vda on disk with share-rw=on
    Then the locks on busy.img hold consistent-read, write and unshare nothing
    Given in process vm2
    And a raw node disk on image busy.img
    And a virtio-blk device vda on disk with share-rw=on
    When pattern 0x11 is written to vda at 1M for 4k
    Given back in the main process
    Then vda reads pattern 0x11 at 1M for 4k

  Scenario: locking=off neither checks nor publishes: two writers overwrite each other
    Given in process vm2
    And a raw node disk with file={ file filename=busy.img locking=off }
    And a virtio-blk device vda on disk
    When pattern 0x22 is written to vda at 0 for 4k
    Given back in the main process
    Then the locks on busy.img hold consistent-read, write and unshare write
    And vda reads pattern 0x22 at 0 for 4k

  Scenario: Deleting the device releases its locks
    When device vda is unplugged
    Then busy.img is not locked
