package models

import "testing"

// TestPathContains: a subtree holds its own unit and everything below it,
// and nothing else, however alike the IDs look. store's TestSubtreeAgrees
// checks the SQL form against this function on the same paths.
func TestPathContains(t *testing.T) {
	cases := []struct {
		ancestor, path string
		want           bool
	}{
		{"/1/", "/1/5/7/", true},
		{"/1/5/", "/1/5/", true},
		{"/", "/1/5/", true},
		{"/1/5/", "/1/50/", false},
		{"/1/", "/10/", false},
		{"/1/2/", "/1/23/", false},
		{"/1/2/", "/1/2/3/", true},
		{"/1/5/", "/1/", false},
		{"", "/1/", false},
		{"/1", "/10/", false}, // not a whole path: contains nothing
		{"/none/", "/1/", false},
	}
	for _, c := range cases {
		if got := PathContains(c.ancestor, c.path); got != c.want {
			t.Errorf("PathContains(%q, %q) = %v, want %v", c.ancestor, c.path, got, c.want)
		}
	}
}

func TestIsRootPath(t *testing.T) {
	for path, want := range map[string]bool{"/1/": true, "/123/": true, "/1/2/": false, "/": false, "": false, "/none/": false, "/1x/": false} {
		if got := IsRootPath(path); got != want {
			t.Errorf("IsRootPath(%q) = %v, want %v", path, got, want)
		}
	}
}
