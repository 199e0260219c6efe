package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"dsflow/api"
	"dsflow/auth"
	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
)

// Size of the national data set: 34 provinces, 3,321 communes, 1,000,000
// tasks, about a third open and a third of those overdue (as in
// ../shared/bench/sql-limit).
const (
	provinces = 34
	communes  = 3321
	tasks     = 1_000_000
)

// loadNation fills a fresh PostgreSQL database with the national data set
// in bulk SQL and builds the overdue counters the way the daily job does.
func loadNation(b *testing.B, s *store.Store) {
	b.Helper()
	db, err := s.SQL()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	stmts := []string{
		`INSERT INTO units (id, code, name, search_name, level, parent_id, path, depth) VALUES (1, 'VN', 'Việt Nam', 'viet nam', 'national', NULL, '/1/', 0)`,
		fmt.Sprintf(`INSERT INTO units (id, code, name, search_name, level, parent_id, path, depth)
			SELECT 1 + p, 'P' || p, 'Tỉnh ' || p, 'tinh ' || p, 'province', 1, '/1/' || (1 + p) || '/', 1 FROM generate_series(1, %d) p`, provinces),
		fmt.Sprintf(`INSERT INTO units (id, code, name, search_name, level, parent_id, path, depth)
			SELECT 1000 + c, 'C' || c, 'Xã ' || c, 'xa ' || c, 'commune', 2 + (c %% %d), '/1/' || (2 + (c %% %d)) || '/' || (1000 + c) || '/', 2
			FROM generate_series(0, %d) c`, provinces, provinces, communes-1),
		`SELECT setval('units_id_seq', 10000)`,
		`INSERT INTO unit_closures (ancestor_id, unit_id, child_id, depth) SELECT id, id, id, 0 FROM units`,
		`INSERT INTO unit_closures (ancestor_id, unit_id, child_id, depth) SELECT 1, id, id, 1 FROM units WHERE level = 'province'`,
		`INSERT INTO unit_closures (ancestor_id, unit_id, child_id, depth) SELECT parent_id, id, id, 1 FROM units WHERE level = 'commune'`,
		`INSERT INTO unit_closures (ancestor_id, unit_id, child_id, depth) SELECT 1, id, parent_id, 2 FROM units WHERE level = 'commune'`,
		fmt.Sprintf(`INSERT INTO tasks (id, host_id, process_kind, process_id, kind, unit_id, unit_path, candidate_role, title_vi, search_text,
			priority, status, due_at, overdue, revision, created_at, updated_at)
			SELECT 't' || i, 'wf' || (i / 6), (ARRAY['campaign','briefing','inspection','screening'])[1 + i %% 4], 'p' || (i %% 97), 'report',
				u.id, u.path, 'officer', 'Báo cáo ' || i, 'bao cao ' || i, 'normal',
				CASE WHEN i %% 3 = 0 THEN 'open' ELSE 'done' END,
				now() - interval '60 days' + (i %% 1440) * interval '1 hour',
				(i %% 3 = 0) AND (now() - interval '60 days' + (i %% 1440) * interval '1 hour') < now(),
				1, now() - interval '90 days', now()
			FROM generate_series(1, %d) i JOIN units u ON u.id = 1000 + (i %% %d)`, tasks, communes),
		`ANALYZE`,
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			b.Fatalf("load: %v\n%s", err, q)
		}
	}
	// Buckets in bulk, then the counters rebuilt whole: a load, not a day.
	if _, err := db.Exec(`UPDATE tasks SET overdue_bucket = CASE
			WHEN due_at <= now() - interval '31 days' THEN 4 WHEN due_at <= now() - interval '8 days' THEN 3
			WHEN due_at <= now() - interval '4 days' THEN 2 ELSE 1 END
		WHERE overdue AND status IN ('open','claimed','returned')`); err != nil {
		b.Fatal(err)
	}
	if err := s.RebuildOverdueCounters(context.Background()); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d units and %d tasks in %v", provinces+communes+1, tasks, time.Since(start).Round(time.Millisecond))
}

// leaderToken creates a leader at unit and a session for them.
func leaderToken(b *testing.B, s *store.Store, unitID uint, name string) string {
	ctx := context.Background()
	u := models.User{Username: name, PasswordHash: "x", UnitID: unitID}
	u.SetRoles([]string{models.RoleLeader})
	if err := s.CreateUser(ctx, &u); err != nil {
		b.Fatal(err)
	}
	tok, _ := auth.NewToken()
	if _, err := s.CreateSession(ctx, auth.HashToken(tok), u.ID, time.Hour); err != nil {
		b.Fatal(err)
	}
	return tok
}

// BenchmarkReadAPI measures GET /api/v1/overdue and a filtered GET
// /api/v1/tasks page over loopback HTTP with 1 M tasks in PostgreSQL:
//
//	go test -run '^$' -bench BenchmarkReadAPI -benchtime 1x ./bench/
func BenchmarkReadAPI(b *testing.B) {
	s := storetest.Open(b, store.DialectPostgres, store.Config{})
	loadNation(b, s)
	srv := httptest.NewServer(api.New(api.Deps{Store: s}).Handler())
	defer srv.Close()
	province := leaderToken(b, s, 7, "lanhdao.tinh6")
	national := leaderToken(b, s, 1, "lanhdao.quocgia")
	commune := leaderToken(b, s, 1000+5*provinces+5, "lanhdao.xa")
	cases := []struct{ name, token, path string }{
		{"overdue_province", province, "/api/v1/overdue"},
		{"overdue_province_rollup_only", province, "/api/v1/overdue?view=rollup"},
		{"overdue_national", national, "/api/v1/overdue"},
		{"overdue_commune", commune, "/api/v1/overdue"},
		{"tasks_province_open_overdue", province, "/api/v1/tasks?status=open&overdue=true&limit=50"},
		{"tasks_province_process_due", province, "/api/v1/tasks?process=campaign&due_before=2030-01-01T00:00:00Z&limit=50"},
		{"tasks_province_search", province, "/api/v1/tasks?q=bao%20cao%2012&limit=50"},
		{"tasks_national_open", national, "/api/v1/tasks?status=open&limit=50"},
	}
	client := &http.Client{}
	b.ResetTimer()
	for _, c := range cases {
		var lat []time.Duration
		for i := 0; i < 1100; i++ {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+c.path, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("%s: status %d", c.name, resp.StatusCode)
			}
			if i >= 100 { // the first hundred warm the caches
				lat = append(lat, time.Since(t0))
			}
		}
		report(b, c.name, lat)
	}
}
