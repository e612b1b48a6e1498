//go:build !windows

package main

import (
	"os/exec"
	"syscall"
)

// asNobody makes c run as the unprivileged user nobody (65534), so a test
// run by root (CI) still meets file modes.
func asNobody(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}
