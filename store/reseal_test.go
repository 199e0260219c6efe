package store_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/pii"
	"dsflow/store"
	"dsflow/store/storetest"
)

// TestRotateReseals: a case and its step's record sealed under one key are
// re-sealed under a new active key by pii.Rotate over the store, open
// under it, and a second rotation has nothing left to do.
func TestRotateReseals(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a, _ := pii.GenerateKey(time.Now())
			b, _ := pii.GenerateKey(time.Now())
			b.ID = a.ID + "b"
			index := make([]byte, pii.KeySize)
			_, _ = rand.Read(index)
			ring1, err := pii.NewKeyring([]pii.Key{a}, a.ID, index)
			if err != nil {
				t.Fatal(err)
			}
			ring2, err := pii.NewKeyring([]pii.Key{a, b}, b.ID, index)
			if err != nil {
				t.Fatal(err)
			}
			s := storetest.Open(t, d, store.Config{Sealer: ring1})
			_, _, nl, _ := tree(t, s)
			c := models.ScreeningCase{ID: "SC1", Type: models.ScreeningPrenatal, UnitID: nl.ID, UnitPath: nl.Path, ProtocolKey: "p",
				ProtocolVersion: 1, ScreenedOn: time.Now(), Status: models.CaseOpen}
			if _, err := s.CreateCase(ctx, store.NewCase{Case: c, Person: models.Person{FullName: "Hoa", Phone: "0912345678"}, Result: "positive"}); err != nil {
				t.Fatal(err)
			}
			step := change("SC1.s1a1", nl, 1, models.StatusOpen, time.Now().Add(time.Hour), false, models.EventCreated)
			step.Task.ProcessKind, step.Task.ProcessID = models.ProcessScreening, "SC1"
			if _, err := s.ApplyTaskChange(ctx, step, 1); err != nil {
				t.Fatal(err)
			}
			done := change("SC1.s1a1", nl, 2, models.StatusDone, time.Now().Add(time.Hour), false, models.EventSubmitted)
			done.Task.ProcessKind, done.Task.ProcessID, done.Task.Data, done.Note = models.ProcessScreening, "SC1", map[string]any{"reached": true}, "ghi chú"
			if _, err := s.ApplyTaskChange(ctx, done, 2); err != nil {
				t.Fatal(err)
			}
			res, err := pii.Rotate(ctx, s, ring2, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, r := range res {
				total += r.Count
			}
			if total != 5 { // person, result, the task's data, the event's data and note
				t.Errorf("resealed %d values: %+v", total, res)
			}
			got, err := s.GetCase(ctx, store.Scope{Path: "/"}, "SC1")
			if err != nil {
				t.Fatal(err)
			}
			if id, _ := pii.KeyID(got.PersonSealed); id != b.ID {
				t.Errorf("person under key %s, want %s", id, b.ID)
			}
			s2 := s.WithSealer(ring2)
			pd, err := s2.ReadPersonal(ctx, got, 1, "test")
			if err != nil || pd.Person.FullName != "Hoa" || pd.Result != "positive" {
				t.Fatalf("read after rotation: %+v %v", pd, err)
			}
			if res, err := pii.Rotate(ctx, s, ring2, 2, nil); err != nil || res[0].Count+res[3].Count+res[5].Count != 0 {
				t.Fatalf("second rotation: %+v %v", res, err)
			}
		})
	}
}
