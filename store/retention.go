package store

import (
	"context"
	"fmt"
	"time"
)

// Retention says how long rows that stop being useful are kept. The
// maintenance workflow purges them nightly; nothing else deletes them.
type Retention struct {
	// Sessions are kept this long after they expired or were revoked: a
	// recent one can still explain a complaint; the audit keeps the logins.
	Sessions time.Duration
	// Idempotency records hold whole responses (personal data included);
	// the API replays them for 24 hours only.
	Idempotency time.Duration
	// RetryCounters count a key's "unavailable" failures; a client retrying
	// a command does so within minutes, so a week is ample.
	RetryCounters time.Duration
	// ReadNotifications are kept this long after they were read; unread
	// ones stay until read.
	ReadNotifications time.Duration
}

// DefaultRetention is dsflow's retention: sessions 30 days after their
// end, first answers 24 hours, attempt counters 7 days, read
// notifications 180 days (two quarters of briefings: long enough to look
// back over the last review period).
var DefaultRetention = Retention{
	Sessions:          30 * 24 * time.Hour,
	Idempotency:       24 * time.Hour,
	RetryCounters:     7 * 24 * time.Hour,
	ReadNotifications: 180 * 24 * time.Hour,
}

// PurgeCounts says how many rows of each kind a purge deleted.
type PurgeCounts struct {
	Sessions      int64 `json:"sessions"`
	Idempotency   int64 `json:"idempotency"`
	RetryCounters int64 `json:"retry_counters"`
	Notifications int64 `json:"notifications"`
}

// PurgeExpired deletes what has outlived r as of asOf, at most batch rows
// per statement; each statement commits on its own, so no lock is held
// for long and a large backlog clears batch by batch. progress, when not
// nil, is called after each batch with the counts so far (the activity
// heartbeats there). It stops at the end of ctx, keeping what it deleted.
func (s *Store) PurgeExpired(ctx context.Context, asOf time.Time, r Retention, batch int, progress func(PurgeCounts)) (PurgeCounts, error) {
	var n PurgeCounts
	if batch <= 0 {
		batch = 1000
	}
	asOf = asOf.UTC()
	sessions := asOf.Add(-r.Sessions)
	kinds := []struct {
		name  string
		count *int64
		sql   string
		args  []any
	}{
		{"sessions", &n.Sessions,
			`DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at < ? OR revoked_at < ? LIMIT ?)`,
			[]any{sessions, sessions}},
		{"idempotency records", &n.Idempotency,
			`DELETE FROM idempotency_records WHERE (user_id, key) IN (SELECT user_id, key FROM idempotency_records WHERE status > 0 AND created_at < ? LIMIT ?)`,
			[]any{asOf.Add(-r.Idempotency)}},
		// Counters are the rows of status 0 under retryPrefix (retries.go).
		{"attempt counters", &n.RetryCounters,
			`DELETE FROM idempotency_records WHERE (user_id, key) IN (SELECT user_id, key FROM idempotency_records WHERE status = 0 AND key LIKE ? AND created_at < ? LIMIT ?)`,
			[]any{retryPrefix + "%", asOf.Add(-r.RetryCounters)}},
		{"read notifications", &n.Notifications,
			`DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE read_at IS NOT NULL AND read_at < ? LIMIT ?)`,
			[]any{asOf.Add(-r.ReadNotifications)}},
	}
	for _, k := range kinds {
		for {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			res := s.db.WithContext(ctx).Exec(k.sql, append(k.args, batch)...)
			if res.Error != nil {
				return n, fmt.Errorf("purge %s: %w", k.name, res.Error)
			}
			*k.count += res.RowsAffected
			if progress != nil {
				progress(n)
			}
			if res.RowsAffected < int64(batch) {
				break
			}
		}
	}
	return n, nil
}
