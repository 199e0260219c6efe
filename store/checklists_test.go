package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"dsflow/checklists"
	"dsflow/models"
	"dsflow/store"
)

// smallChecklist is a valid one-item checklist titled vi.
func smallChecklist(vi string) models.ChecklistDef {
	return models.ChecklistDef{
		Title: models.Text{Vi: vi, En: "Inspection"},
		Sections: []models.SectionDef{{Key: "plan", Title: models.Text{Vi: "Kế hoạch"}, Items: []models.ItemDef{
			{Key: "has_plan", Text: models.Text{Vi: "Có kế hoạch năm"}, Answer: models.AnswerYesNo, Required: true},
		}}},
	}
}

func TestChecklistVersions(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, _, _ := tree(t, s)
		u := models.User{Username: "thuky.hanoi", PasswordHash: "x", UnitID: hn.ID}
		u.SetRoles([]string{models.RoleSecretary})
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		v1, err := s.CreateChecklist(ctx, "kiem-tra-xa", smallChecklist("Kiểm tra xã"), u.ID)
		if err != nil || v1.Version != 1 || v1.TitleVi != "Kiểm tra xã" || v1.TitleEn != "Inspection" || v1.BuiltIn || v1.CreatedBy != u.ID {
			t.Fatalf("create: %+v, %v", v1, err)
		}
		t.Run("a key is created once", func(t *testing.T) {
			_, err := s.CreateChecklist(ctx, "kiem-tra-xa", smallChecklist("Lần hai"), u.ID)
			if e := models.AsError(err); e == nil || e.Code != models.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "key" || e.Fields[0].Rule != "unique" {
				t.Fatalf("want key unique, got %v", err)
			}
		})
		t.Run("a checklist key may equal a template key", func(t *testing.T) {
			if _, err := s.CreateTemplate(ctx, "kiem-tra-xa", smallTemplate("Mẫu cùng khóa"), u.ID); err != nil {
				t.Fatal(err)
			}
		})
		v2, err := s.AddChecklistVersion(ctx, v1.ID, smallChecklist("Kiểm tra xã, bản 2"), u.ID)
		if err != nil || v2.Version != 2 || v2.Key != "kiem-tra-xa" || v2.ID == v1.ID {
			t.Fatalf("version 2: %+v, %v", v2, err)
		}
		// Adding from an older version still takes the next number.
		v3, err := s.AddChecklistVersion(ctx, v1.ID, smallChecklist("Kiểm tra xã, bản 3"), u.ID)
		if err != nil || v3.Version != 3 {
			t.Fatalf("version 3: %+v, %v", v3, err)
		}
		t.Run("an old version is unchanged", func(t *testing.T) {
			got, err := s.GetChecklist(ctx, v1.ID)
			if err != nil || got.Version != 1 || got.DefinitionJSON != v1.DefinitionJSON {
				t.Fatalf("got %+v, %v", got, err)
			}
			def, err := got.Definition()
			if err != nil || def.Title.Vi != "Kiểm tra xã" || def.Sections[0].Items[0].Key != "has_plan" {
				t.Fatalf("definition %+v, %v", def, err)
			}
		})
		t.Run("not found", func(t *testing.T) {
			if _, err := s.GetChecklist(ctx, 999999); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("get: %v", err)
			}
			if _, err := s.LatestChecklist(ctx, "khong-co"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("latest: %v", err)
			}
			if _, err := s.AddChecklistVersion(ctx, 999999, smallChecklist("x"), u.ID); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("add version: %v", err)
			}
		})
		t.Run("by key or ID", func(t *testing.T) {
			for ref, want := range map[string]uint{"kiem-tra-xa": v3.ID, fmt.Sprint(v1.ID): v1.ID} {
				if got, err := s.ChecklistByKeyOrID(ctx, ref); err != nil || got.ID != want {
					t.Errorf("%q: %+v, %v", ref, got, err)
				}
			}
			for _, ref := range []string{"khong-co", "0", "007", "-1", "99999999"} {
				if _, err := s.ChecklistByKeyOrID(ctx, ref); models.ErrorCode(err) != models.ENOTFOUND {
					t.Errorf("%q: %v", ref, err)
				}
			}
		})
		t.Run("list shows the newest of each key", func(t *testing.T) {
			if _, err := s.CreateChecklist(ctx, "giam-sat", smallChecklist("Giám sát"), u.ID); err != nil {
				t.Fatal(err)
			}
			list, err := s.ListChecklists(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range list {
				got = append(got, fmt.Sprintf("%s v%d", row.Key, row.Version))
				if row.DefinitionJSON != "" || row.TitleVi == "" {
					t.Errorf("%s: a list carries the title, not the definition: %+v", row.Key, row)
				}
			}
			if want := []string{"giam-sat v1", "kiem-tra-xa v3"}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
		t.Run("every version is audited under the author's unit", func(t *testing.T) {
			entries, err := s.ListAudit(ctx, store.Scope{Path: hn.Path}, store.AuditFilter{EntityType: store.EntityChecklist})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 4 || entries[0].Action != "checklist.create" || entries[1].Action != "checklist.version" ||
				entries[0].EntityID != fmt.Sprint(v1.ID) || entries[0].UnitPath != hn.Path {
				t.Fatalf("audit: %+v", entries)
			}
		})
	})
}

func TestEnsureBuiltinChecklists(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		defs := checklists.Builtins()
		// Processes starting together write the built-in once, and
		// concurrent versions of one key get distinct numbers.
		var wg sync.WaitGroup
		counts := make([]int, 3)
		errs := make([]error, 3)
		for i := range counts {
			wg.Go(func() { counts[i], errs[i] = s.EnsureBuiltinChecklists(ctx, defs) })
		}
		wg.Wait()
		if fmt.Sprint(errs) != "[<nil> <nil> <nil>]" || counts[0]+counts[1]+counts[2] != len(defs) {
			t.Fatalf("wrote %v, errors %v; want %d in all", counts, errs, len(defs))
		}
		v1, err := s.LatestChecklist(ctx, checklists.KeyInspection)
		if err != nil || !v1.BuiltIn || v1.Version != 1 || v1.CreatedBy != 0 || v1.TitleEn == "" {
			t.Fatalf("built-in: %+v, %v", v1, err)
		}
		if n, err := s.EnsureBuiltinChecklists(ctx, defs); err != nil || n != 0 {
			t.Fatalf("again: %d, %v", n, err)
		}

		// Someone versions the built-in, twice at once; an unchanged
		// built-in leaves theirs newest.
		local := defs[checklists.KeyInspection]
		local.Sections = local.Sections[:1]
		versions := make([]int, 2)
		for i := range versions {
			wg.Go(func() {
				if row, err := s.AddChecklistVersion(ctx, v1.ID, local, 0); err == nil {
					versions[i] = row.Version
				}
			})
		}
		wg.Wait()
		if versions[0]+versions[1] != 2+3 {
			t.Fatalf("concurrent versions %v, want 2 and 3", versions)
		}
		if n, err := s.EnsureBuiltinChecklists(ctx, defs); err != nil || n != 0 {
			t.Fatalf("after a local version: %d, %v", n, err)
		}
		if got, _ := s.LatestChecklist(ctx, checklists.KeyInspection); got.Version != 3 || got.BuiltIn {
			t.Fatalf("the local version must stay newest, got v%d", got.Version)
		}

		// An upgrade changes the built-in: one new version, the old ones kept.
		changed := checklists.Builtins()
		d := changed[checklists.KeyInspection]
		d.Sections[0].Items[0].Weight = 3
		changed[checklists.KeyInspection] = d
		if n, err := s.EnsureBuiltinChecklists(ctx, changed); err != nil || n != 1 {
			t.Fatalf("changed built-in: %d, %v", n, err)
		}
		got, _ := s.LatestChecklist(ctx, checklists.KeyInspection)
		def, _ := got.Definition()
		if got.Version != 4 || !got.BuiltIn || def.Sections[0].Items[0].Weight != 3 {
			t.Fatalf("got v%d built-in %v weight %v", got.Version, got.BuiltIn, def.Sections[0].Items[0].Weight)
		}
		if old, err := s.GetChecklist(ctx, v1.ID); err != nil || old.Version != 1 {
			t.Fatalf("version 1 must stay: %+v, %v", old, err)
		}
		if n, err := s.EnsureBuiltinChecklists(ctx, changed); err != nil || n != 0 {
			t.Fatalf("changed again: %d, %v", n, err)
		}
	})
}
