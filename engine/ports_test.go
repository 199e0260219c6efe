package engine

import "testing"

// TestFreeFrontendPortsDoNotOverlap: ranges handed out in one process (and
// so in several, through the same lock files) never share a port, even
// before any server binds them.
func TestFreeFrontendPortsDoNotOverlap(t *testing.T) {
	taken := map[int]bool{}
	for range 50 {
		p, err := FreeFrontendPort()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []int{p, p + 1, p + 2, p + 3, p - 300, p - 299, p - 298, p - 297} {
			if taken[q] {
				t.Fatalf("port %d handed out twice", q)
			}
			taken[q] = true
		}
	}
	if release, ok := reservePort(12345); ok {
		defer release()
		if _, again := reservePort(12345); again {
			t.Fatal("a reserved port was reserved again")
		}
	}
}
