package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
)

// BenchmarkCreateTasks writes one province's share of a national launch
// (98 communes × 7 tasks) in one batch, on each dialect:
//
//	go test -run '^$' -bench BenchmarkCreateTasks ./store/
func BenchmarkCreateTasks(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s := storetest.Open(b, d, store.Config{})
			ctx := context.Background()
			u := models.Unit{Name: "Xã", Level: models.LevelCommune}
			if err := s.CreateUnit(ctx, &u); err != nil {
				b.Fatal(err)
			}
			form := models.FormSpec{Fields: []models.FormField{{Name: "n", Type: models.FieldCount, Label: models.Text{Vi: "Số"}}}}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				batch := store.TaskBatch{At: time.Now()}
				for c := 0; c < 98; c++ {
					host := fmt.Sprintf("h%d-%d", i, c)
					batch.Hosts = append(batch.Hosts, models.TaskHost{ID: host, WorkflowType: "X", InputJSON: "{}", ProcessKind: "campaign", ProcessID: "p", Announced: true})
					for k := 0; k < 7; k++ {
						batch.Tasks = append(batch.Tasks, models.TaskState{TaskSpec: models.TaskSpec{ID: fmt.Sprintf("%s.%d", host, k), HostID: host,
							ProcessKind: "campaign", ProcessID: "p", Kind: "report", UnitID: u.ID, UnitPath: u.Path, CandidateRole: models.RoleOfficer,
							Title: models.Text{Vi: "Báo cáo tiến độ chiến dịch (lần 2)", En: "Campaign progress report (#2)"}, Form: form,
							Priority: models.PriorityNormal, DueAt: time.Now().Add(48 * time.Hour),
							Escalation: models.Escalation{RemindDaysBefore: []int{3, 1}, EscalateAfterDays: 2}}, Status: models.StatusOpen, Revision: 1})
					}
				}
				if _, err := s.CreateTasks(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
