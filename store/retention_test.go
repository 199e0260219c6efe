package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
)

// TestPurgeExpired: sessions, first answers, attempt counters and read
// notifications go once they outlive their retention, in batches; what
// is still in use stays.
func TestPurgeExpired(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		asOf := time.Date(2026, 6, 1, 17, 5, 0, 0, time.UTC) // 00:05 ICT
		_, _, nl, _ := tree(t, s)
		u := models.User{Username: "canbo.ngoclam", PasswordHash: "x", UnitID: nl.ID}
		u.SetRoles([]string{models.RoleOfficer})
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		db, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if s.Dialect() == store.DialectPostgres { // pgx numbers its placeholders
				for i := 1; strings.Contains(q, "?"); i++ {
					q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
				}
			}
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		day := 24 * time.Hour
		ago := func(d time.Duration) time.Time { return asOf.Add(-d) }
		sessions := map[string]struct {
			expires time.Time
			revoked *time.Time
			kept    bool
		}{
			"live":              {asOf.Add(time.Hour), nil, true},
			"expired-yesterday": {ago(day), nil, true},
			"expired-long-ago":  {ago(31 * day), nil, false},
			"expired-long-ago2": {ago(90 * day), nil, false},
			"revoked-recently":  {asOf.Add(time.Hour), ptr(ago(2 * day)), true},
			"revoked-long-ago":  {ago(20 * day), ptr(ago(40 * day)), false},
		}
		for h, v := range sessions {
			exec(`INSERT INTO sessions (token_hash, user_id, expires_at, revoked_at, created_at) VALUES (?, ?, ?, ?, ?)`, h, u.ID, v.expires, v.revoked, ago(100*day))
		}
		records := []struct {
			key     string
			status  int
			created time.Time
			kept    bool
		}{
			{"fresh", 200, ago(time.Hour), true},
			{"old", 201, ago(25 * time.Hour), false},
			{"older", 200, ago(3 * day), false},
			{"retry:recent", 0, ago(2 * day), true},
			{"retry:old", 0, ago(8 * day), false},
			// A client's own key that happens to start like a counter is a
			// first answer, kept for 24 hours like any other.
			{"retry:mine", 200, ago(2 * time.Hour), true},
		}
		for _, r := range records {
			exec(`INSERT INTO idempotency_records (user_id, key, fingerprint, status, body, created_at) VALUES (?, ?, 'f', ?, '1', ?)`, u.ID, r.key, r.status, r.created)
		}
		notes := []struct {
			key  string
			read *time.Time
			kept bool
		}{
			{"unread-old", nil, true},
			{"read-recently", ptr(ago(10 * day)), true},
			{"read-long-ago", ptr(ago(181 * day)), false},
			{"read-long-ago2", ptr(ago(400 * day)), false},
			{"read-long-ago3", ptr(ago(200 * day)), false},
		}
		for _, n := range notes {
			exec(`INSERT INTO notifications (user_id, key, kind, read_at, created_at) VALUES (?, ?, 'task.reminder', ?, ?)`, u.ID, n.key, n.read, ago(500*day))
		}

		var progress []store.PurgeCounts
		got, err := s.PurgeExpired(ctx, asOf, store.DefaultRetention, 2, func(c store.PurgeCounts) { progress = append(progress, c) })
		if err != nil {
			t.Fatal(err)
		}
		want := store.PurgeCounts{Sessions: 3, Idempotency: 2, RetryCounters: 1, Notifications: 3}
		if got != want {
			t.Errorf("purged %+v, want %+v", got, want)
		}
		if len(progress) < 6 { // three read notifications take two batches of 2, and so on
			t.Errorf("%d batches reported, want the work split in batches of 2: %+v", len(progress), progress)
		}
		left := func(q string) map[string]bool {
			t.Helper()
			rows, err := db.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[string]bool{}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					t.Fatal(err)
				}
				out[k] = true
			}
			return out
		}
		have := left(`SELECT token_hash FROM sessions`)
		for h, v := range sessions {
			if have[h] != v.kept {
				t.Errorf("session %s kept = %v, want %v", h, have[h], v.kept)
			}
		}
		have = left(`SELECT key FROM idempotency_records`)
		for _, r := range records {
			if have[r.key] != r.kept {
				t.Errorf("idempotency record %s kept = %v, want %v", r.key, have[r.key], r.kept)
			}
		}
		have = left(`SELECT key FROM notifications`)
		for _, n := range notes {
			if have[n.key] != n.kept {
				t.Errorf("notification %s kept = %v, want %v", n.key, have[n.key], n.kept)
			}
		}
		// A second run finds nothing more: the purge is idempotent.
		if again, err := s.PurgeExpired(ctx, asOf, store.DefaultRetention, 2, nil); err != nil || again != (store.PurgeCounts{}) {
			t.Errorf("second purge: %+v, %v", again, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
