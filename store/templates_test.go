package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"dsflow/models"
	"dsflow/store"
	"dsflow/templates"
)

// smallTemplate is a valid one-step template titled vi.
func smallTemplate(vi string) models.TemplateDef {
	return models.TemplateDef{
		Kind:  models.TemplateReview,
		Title: models.Text{Vi: vi, En: "Review"},
		Steps: []models.StepDef{{Key: "report", Title: models.Text{Vi: "Báo cáo"}, Level: models.StepLevelParticipant,
			Role: models.RoleOfficer, Due: models.DueRule{Anchor: models.AnchorEnd, Days: 5}}},
		Late: models.LateRule{Policy: models.LateAccept},
	}
}

func TestTemplateVersions(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, _, _ := tree(t, s)
		u := models.User{Username: "thuky.hanoi", PasswordHash: "x", UnitID: hn.ID}
		u.SetRoles([]string{models.RoleSecretary})
		if err := s.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		v1, err := s.CreateTemplate(ctx, "so-ket", smallTemplate("Sơ kết"), u.ID)
		if err != nil || v1.Version != 1 || v1.TitleVi != "Sơ kết" || v1.Kind != models.TemplateReview || v1.BuiltIn {
			t.Fatalf("create: %+v, %v", v1, err)
		}
		t.Run("a key is created once", func(t *testing.T) {
			_, err := s.CreateTemplate(ctx, "so-ket", smallTemplate("Lần hai"), u.ID)
			if e := models.AsError(err); e == nil || e.Code != models.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "key" || e.Fields[0].Rule != "unique" {
				t.Fatalf("want key unique, got %v", err)
			}
		})
		v2, err := s.AddTemplateVersion(ctx, v1.ID, smallTemplate("Sơ kết, bản 2"), u.ID)
		if err != nil || v2.Version != 2 || v2.Key != "so-ket" || v2.ID == v1.ID {
			t.Fatalf("version 2: %+v, %v", v2, err)
		}
		// Adding from an older version still takes the next number.
		v3, err := s.AddTemplateVersion(ctx, v1.ID, smallTemplate("Sơ kết, bản 3"), u.ID)
		if err != nil || v3.Version != 3 {
			t.Fatalf("version 3: %+v, %v", v3, err)
		}
		t.Run("an old version is unchanged", func(t *testing.T) {
			got, err := s.GetTemplate(ctx, v1.ID)
			if err != nil || got.Version != 1 || got.DefinitionJSON != v1.DefinitionJSON {
				t.Fatalf("got %+v, %v", got, err)
			}
			def, err := got.Definition()
			if err != nil || def.Title.Vi != "Sơ kết" {
				t.Fatalf("definition %+v, %v", def, err)
			}
		})
		t.Run("latest", func(t *testing.T) {
			got, err := s.LatestTemplate(ctx, "so-ket")
			if err != nil || got.ID != v3.ID {
				t.Fatalf("got %+v, %v", got, err)
			}
			if _, err := s.LatestTemplate(ctx, "khong-co"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("unknown key: %v", err)
			}
		})
		t.Run("not found", func(t *testing.T) {
			if _, err := s.GetTemplate(ctx, 999999); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("get: %v", err)
			}
			if _, err := s.AddTemplateVersion(ctx, 999999, smallTemplate("x"), u.ID); models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("add version: %v", err)
			}
		})
		t.Run("by key or ID", func(t *testing.T) {
			got, err := s.TemplateByKeyOrID(ctx, "so-ket")
			if err != nil || got.ID != v3.ID {
				t.Fatalf("by key: %+v, %v", got, err)
			}
			got, err = s.TemplateByKeyOrID(ctx, fmt.Sprint(v1.ID))
			if err != nil || got.ID != v1.ID {
				t.Fatalf("by ID: %+v, %v", got, err)
			}
			// A key that equals another template's ID wins over the ID.
			numeric, err := s.CreateTemplate(ctx, fmt.Sprint(v2.ID), smallTemplate("Mã số"), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err = s.TemplateByKeyOrID(ctx, fmt.Sprint(v2.ID))
			if err != nil || got.ID != numeric.ID {
				t.Fatalf("a key equal to an ID: %+v, %v", got, err)
			}
			for _, ref := range []string{"khong-co", "0", "007", "-1", "99999999"} {
				if _, err := s.TemplateByKeyOrID(ctx, ref); models.ErrorCode(err) != models.ENOTFOUND {
					t.Errorf("%q: %v", ref, err)
				}
			}
		})
		t.Run("list shows the newest of each key", func(t *testing.T) {
			if _, err := s.CreateTemplate(ctx, "giao-ban", models.TemplateDef{Kind: models.TemplateBriefing, Title: models.Text{Vi: "Giao ban"}}, u.ID); err != nil {
				t.Fatal(err)
			}
			list, err := s.ListTemplates(ctx, store.TemplateFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range list {
				got = append(got, fmt.Sprintf("%s v%d", row.Key, row.Version))
				if row.DefinitionJSON != "" {
					t.Errorf("%s: a list carries no definition", row.Key)
				}
			}
			if want := []string{fmt.Sprintf("%d v1", v2.ID), "giao-ban v1", "so-ket v3"}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			list, _ = s.ListTemplates(ctx, store.TemplateFilter{Kind: models.TemplateBriefing})
			if len(list) != 1 || list[0].Key != "giao-ban" {
				t.Fatalf("by kind: %+v", list)
			}
		})
		t.Run("every version is audited under the author's unit", func(t *testing.T) {
			entries, err := s.ListAudit(ctx, store.Scope{Path: hn.Path}, store.AuditFilter{EntityType: store.EntityTemplate})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 5 || entries[0].Action != "template.create" || entries[1].Action != "template.version" ||
				entries[0].EntityID != fmt.Sprint(v1.ID) || entries[0].UnitPath != hn.Path {
				t.Fatalf("audit: %+v", entries)
			}
		})
	})
}

func TestConcurrentTemplateVersions(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		v1, err := s.CreateTemplate(ctx, "dong-thoi", smallTemplate("Đồng thời"), 0)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		versions := make([]int, 4)
		errs := make([]error, 4)
		for i := range versions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				row, err := s.AddTemplateVersion(ctx, v1.ID, smallTemplate(fmt.Sprint("Bản ", i)), 0)
				if errs[i] = err; err == nil {
					versions[i] = row.Version
				}
			}()
		}
		wg.Wait()
		seen := map[int]bool{}
		for i, v := range versions {
			if errs[i] != nil || seen[v] || v < 2 || v > 5 {
				t.Fatalf("versions %v, errors %v", versions, errs)
			}
			seen[v] = true
		}
	})
}

func TestEnsureBuiltinTemplates(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		defs := templates.Builtins()
		// Processes starting together: every version is written once.
		var wg sync.WaitGroup
		counts := make([]int, 3)
		errs := make([]error, 3)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counts[i], errs[i] = s.EnsureBuiltinTemplates(ctx, defs)
			}()
		}
		wg.Wait()
		total := 0
		for i := range counts {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			total += counts[i]
		}
		if total != len(defs) {
			t.Fatalf("wrote %d versions in all (%v), want %d", total, counts, len(defs))
		}
		list, err := s.ListTemplates(ctx, store.TemplateFilter{})
		if err != nil || len(list) != len(defs) {
			t.Fatalf("list: %d, %v", len(list), err)
		}
		for _, row := range list {
			if !row.BuiltIn || row.Version != 1 || row.CreatedBy != 0 || row.TitleEn == "" {
				t.Errorf("%+v", row)
			}
		}
		if n, err := s.EnsureBuiltinTemplates(ctx, defs); err != nil || n != 0 {
			t.Fatalf("again: %d, %v", n, err)
		}

		// Someone versions a built-in; an unchanged built-in leaves it newest.
		camp, _ := s.LatestTemplate(ctx, templates.KeyCampaignSRHFP)
		local := defs[templates.KeyCampaignSRHFP]
		local.Window = &models.WindowDefault{StartDay: 1, StartMonth: 6, EndDay: 31, EndMonth: 7}
		v2, err := s.AddTemplateVersion(ctx, camp.ID, local, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.EnsureBuiltinTemplates(ctx, defs); err != nil || n != 0 {
			t.Fatalf("after a local version: %d, %v", n, err)
		}
		if got, _ := s.LatestTemplate(ctx, templates.KeyCampaignSRHFP); got.ID != v2.ID {
			t.Fatalf("the local version must stay newest, got v%d", got.Version)
		}

		// An upgrade changes a built-in: one new version, the old ones kept.
		changed := templates.Builtins()
		d := changed[templates.KeyBriefingQuarterly]
		d.Steps[0].Due.Days = 4
		changed[templates.KeyBriefingQuarterly] = d
		if n, err := s.EnsureBuiltinTemplates(ctx, changed); err != nil || n != 1 {
			t.Fatalf("changed built-in: %d, %v", n, err)
		}
		got, _ := s.LatestTemplate(ctx, templates.KeyBriefingQuarterly)
		def, _ := got.Definition()
		if got.Version != 2 || !got.BuiltIn || def.Steps[0].Due.Days != 4 {
			t.Fatalf("got v%d built-in %v due %d", got.Version, got.BuiltIn, def.Steps[0].Due.Days)
		}
		if old, err := s.TemplateByKeyOrID(ctx, fmt.Sprint(list[0].ID)); err != nil || old.Version != 1 {
			t.Fatalf("version 1 must stay: %+v, %v", old, err)
		}
		if n, err := s.EnsureBuiltinTemplates(ctx, changed); err != nil || n != 0 {
			t.Fatalf("changed again: %d, %v", n, err)
		}
	})
}
