//go:build unix

package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// reservePort takes an exclusive lock on a file named for port q in the
// temporary directory, held until the process exits or release is called;
// ok is false when another process, or another call in this one, holds it.
// The descriptor is a raw one on purpose: an *os.File would be closed by
// its finalizer once collected, and the lock with it.
func reservePort(q int) (release func(), ok bool) {
	dir := filepath.Join(os.TempDir(), "dsflow-ports")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return func() {}, true // no lock to be had: the bind check alone decides
	}
	fd, err := syscall.Open(filepath.Join(dir, fmt.Sprintf("%d.lock", q)), syscall.O_CREAT|syscall.O_RDWR|syscall.O_CLOEXEC, 0o666)
	if err != nil {
		return func() {}, true
	}
	if err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = syscall.Close(fd)
		return nil, false
	}
	return func() { _ = syscall.Close(fd) }, true
}
