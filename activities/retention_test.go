package activities_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"dsflow/activities"
	"dsflow/store"
	"dsflow/store/storetest"
)

// TestPurgeExpiredActivity runs the retention purge as the worker would
// call it (outside a Temporal activity context too) and logs counts only.
func TestPurgeExpiredActivity(t *testing.T) {
	s := storetest.Open(t, store.DialectSQLite, store.Config{})
	var log bytes.Buffer
	a := &activities.Activities{Store: s, Logger: slog.New(slog.NewJSONHandler(&log, nil))}
	if err := a.PurgeExpired(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), `"msg":"purged expired rows"`) || !strings.Contains(log.String(), `"sessions":0`) {
		t.Errorf("log %s", log.String())
	}
}
