package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers holds the packages to the README's architecture: allocate is
// pure (the standard library only), ledger knows nothing of the policies
// or the command line, and nothing imports a command (cmd/internal holds
// what the commands share: the bridges from the ledger's facts to
// allocate's problems).
func TestLayers(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "vol/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imports) {
			std := !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") && !strings.HasPrefix(imp, "vol/")
			switch {
			case strings.HasPrefix(imp, "vol/cmd/") && !strings.HasPrefix(imp, "vol/cmd/internal/"):
				t.Errorf("%s imports the command %s: nothing may", pkg, imp)
			case strings.HasPrefix(pkg, "vol/cmd/internal/") && strings.HasPrefix(imp, "vol/cmd/") && !strings.HasPrefix(imp, "vol/cmd/internal/"):
				t.Errorf("%s imports the command %s: the commands' shared packages serve them, not the reverse", pkg, imp)
			case pkg == "vol/allocate" && !std:
				t.Errorf("allocate imports %s: it may use the standard library only", imp)
			case strings.HasPrefix(pkg, "vol/ledger") && imp == "vol/allocate":
				t.Errorf("%s imports allocate: the ledger holds facts, allocate decides from them", pkg)
			case pkg == "vol/ledger" && strings.HasPrefix(imp, "vol/") && !strings.HasPrefix(imp, "vol/ledger/"):
				t.Errorf("ledger imports %s: it imports only its own sub-packages", imp)
			}
		}
		checked++
	}
	if checked < 4 {
		t.Fatalf("go list gave %d packages: %q", checked, out)
	}
}
