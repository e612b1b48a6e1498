package main

import "os/exec"

// asNobody: Windows has no POSIX file modes; the tests that need it skip.
func asNobody(*exec.Cmd) {}
