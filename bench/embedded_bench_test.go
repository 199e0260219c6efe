package bench

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"dsflow/testenv"
)

// BenchmarkEmbeddedDurability measures a command on the embedded default
// (dsflow and Temporal both on SQLite files) with the files synced at
// every commit (synchronous FULL, the default) and without (NORMAL), so
// the price of surviving a power cut is known:
//
//	go test -run '^$' -bench BenchmarkEmbeddedDurability -benchtime 1x -timeout 30m ./bench/
func BenchmarkEmbeddedDurability(b *testing.B) {
	for _, sync := range []string{"FULL", "NORMAL"} {
		env := testenv.Start(b, testenv.Options{SQLite: true, SQLiteSynchronous: sync})
		leader, officer := env.Login(b, "lanhdao.ngoclam"), env.Login(b, "canbo.ngoclam")
		unit := env.UnitID(b, "DEMO-NGOCLAM")
		r := env.Request(b, http.MethodPost, "/api/v1/tasks", leader, map[string]any{
			"title": map[string]string{"vi": "Báo cáo"}, "unit_id": unit, "candidate_role": "officer", "due": map[string]any{"days": 30}})
		if r.Status != http.StatusCreated {
			b.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := r.JSON["id"].(string)
		var lat []time.Duration
		for i := range 220 {
			t0 := time.Now()
			r := env.Request(b, http.MethodPost, "/api/v1/tasks/"+id+"/comment", officer, map[string]any{"text": fmt.Sprint("ghi chú ", i)})
			if r.Status != http.StatusOK {
				b.Fatalf("comment: %d %s", r.Status, r.Body)
			}
			if i >= 20 {
				lat = append(lat, time.Since(t0))
			}
		}
		report(b, "comment_sqlite_"+sync, lat)
	}
}
