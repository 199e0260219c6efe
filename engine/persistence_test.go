package engine

import "testing"

// TestSQLiteSyncsEveryCommit: the embedded server's SQLite file syncs its
// log at every commit by default, so after a power cut a workflow never
// believes in a change that its history lost.
func TestSQLiteSyncsEveryCommit(t *testing.T) {
	if got := sqliteConfig("/x/temporal.db", "").ConnectAttributes["synchronous"]; got != "full" {
		t.Errorf("default synchronous %q, want full", got)
	}
	if got := sqliteConfig("/x/temporal.db", "normal").ConnectAttributes["synchronous"]; got != "normal" {
		t.Errorf("synchronous %q, want normal", got)
	}
}
