package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dsflow/testenv"
)

func TestUnits(t *testing.T) {
	env := testenv.Start(t, testenv.Options{SQLite: true})
	leader := env.Login(t, leaderLongBien)
	longBien, ngocLam, boDe := env.UnitID(t, unitLongBien), env.UnitID(t, unitNgocLam), env.UnitID(t, unitBoDe)
	names := func(r *testenv.Response) []string {
		t.Helper()
		wantStatus(t, r, http.StatusOK)
		var out []string
		for _, it := range r.JSON["items"].([]any) {
			out = append(out, it.(map[string]any)["name"].(string))
		}
		return out
	}

	t.Run("list is the caller's subtree", func(t *testing.T) {
		got := names(env.Request(t, http.MethodGet, "/api/v1/units", leader, nil))
		// Long Biên, Ngọc Lâm with its 29 groups, Bồ Đề.
		if len(got) != 32 || got[0] != "Quận Long Biên" || contains(got, "Phường Cống Vị") {
			t.Fatalf("%d units: %v", len(got), got)
		}
	})
	t.Run("parent lists the children", func(t *testing.T) {
		got := names(env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/units?parent=%d", longBien), leader, nil))
		if len(got) != 2 || !contains(got, "Phường Ngọc Lâm") || !contains(got, "Phường Bồ Đề") {
			t.Fatalf("children: %v", got)
		}
	})
	t.Run("q ignores diacritics", func(t *testing.T) {
		for _, q := range []string{"ngoc%20lam", "NGỌC+LÂM", "Ngọc%20Lâm"} {
			got := names(env.Request(t, http.MethodGet, "/api/v1/units?q="+q+"&level=commune", leader, nil))
			if len(got) != 1 || got[0] != "Phường Ngọc Lâm" {
				t.Errorf("q=%s: %v", q, got)
			}
		}
		if got := names(env.Request(t, http.MethodGet, "/api/v1/units?q=cong%20vi", leader, nil)); len(got) != 0 {
			t.Errorf("search leaves the subtree: %v", got)
		}
	})
	t.Run("get", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/units/%d", ngocLam), leader, nil)
		wantStatus(t, r, http.StatusOK)
		if r.JSON["name"] != "Phường Ngọc Lâm" || r.JSON["code"] != unitNgocLam || num(r.JSON, "parent_id") != int(longBien) {
			t.Fatalf("unit %s", r.Body)
		}
		tok := env.Login(t, officerNgocLam)
		checkProblem(t, env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/units/%d", boDe), tok, nil), http.StatusNotFound, "not_found")
		for _, bad := range []string{"abc", "0", "-1", "01", "99999999", "1.5", "18446744073709551617"} {
			checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/units/"+bad, leader, nil), http.StatusNotFound, "not_found")
		}
	})
	t.Run("bad query parameters name the parameter", func(t *testing.T) {
		for q, field := range map[string]string{"parent=abc": "parent", "limit=-1": "limit", "limit=zz": "limit", "level=planet": "level"} {
			r := env.Request(t, http.MethodGet, "/api/v1/units?"+q, leader, nil)
			fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
			if !hasField(fields, field, "") {
				t.Errorf("?%s: fields %v", q, fields)
			}
			if strings.Contains(string(r.Body), "strconv") || strings.Contains(string(r.Body), "parsing") {
				t.Errorf("?%s: Go error text reaches the client: %s", q, r.Body)
			}
		}
	})
}

func TestUsers(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	admin := env.Login(t, adminUser)
	ngocLam := env.UnitID(t, unitNgocLam)
	newUser := func(username string, unit uint, roles ...string) map[string]any {
		return map[string]any{"username": username, "password": "mật-khẩu-dài", "full_name": "Nguyễn Văn A", "unit_id": unit, "roles": roles}
	}
	var created map[string]any

	t.Run("create", func(t *testing.T) {
		r := env.Request(t, http.MethodPost, "/api/v1/users", admin, newUser("ctv.ngoclam", ngocLam, "officer"))
		wantStatus(t, r, http.StatusCreated)
		created = r.JSON
		if created["username"] != "ctv.ngoclam" || created["active"] != true || r.Header.Get("Location") != fmt.Sprintf("/api/v1/users/%d", num(created, "id")) {
			t.Fatalf("created %s (Location %q)", r.Body, r.Header.Get("Location"))
		}
		if strings.Contains(strings.ToLower(string(r.Body)), "password") || strings.Contains(string(r.Body), "argon") {
			t.Fatalf("the answer shows the password or its hash: %s", r.Body)
		}
		// The new user can sign in.
		env.Relogin(t, "ctv.ngoclam", "mật-khẩu-dài")
	})
	t.Run("bad input", func(t *testing.T) {
		cases := []struct {
			name        string
			body        any
			field, rule string
		}{
			{"duplicate username", newUser("ctv.ngoclam", ngocLam, "officer"), "username", "unique"},
			{"bad role", newUser("ctv2.ngoclam", ngocLam, "chief"), "roles[0]", "role"},
			{"no role", newUser("ctv2.ngoclam", ngocLam), "roles", ""},
			{"bad username", newUser("Bad Name", ngocLam, "officer"), "username", "username"},
			{"short password", map[string]any{"username": "ctv3", "password": "short", "unit_id": ngocLam, "roles": []string{"officer"}}, "password", "password"},
			{"no unit", map[string]any{"username": "ctv3", "password": "long-enough", "roles": []string{"officer"}}, "unit_id", "required"},
			{"unknown unit", newUser("ctv4", 999999, "officer"), "unit_id", "unit"},
			{"unknown field", map[string]any{"username": "ctv5", "password": "long-enough", "unit_id": ngocLam, "roles": []string{"officer"}, "is_root": true}, "is_root", "unknown"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/users", admin, c.body), http.StatusUnprocessableEntity, "invalid")
				if !hasField(fields, c.field, c.rule) {
					t.Fatalf("fields %v, want %s:%s", fields, c.field, c.rule)
				}
			})
		}
	})
	t.Run("a unit outside the admin's scope is refused", func(t *testing.T) {
		// An admin of Long Biên cannot place users in Cống Vị.
		r := env.Request(t, http.MethodPost, "/api/v1/users", admin, newUser("admin.longbien", env.UnitID(t, unitLongBien), "admin"))
		wantStatus(t, r, http.StatusCreated)
		local := env.Relogin(t, "admin.longbien", "mật-khẩu-dài")
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/users", local, newUser("x.congvi", env.UnitID(t, unitCongVi), "officer")),
			http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "unit_id", "unit") {
			t.Fatalf("fields %v", fields)
		}
		// Nor see, or change, users outside it.
		congVi := env.UserID(t, officerCongVi)
		checkProblem(t, env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users/%d", congVi), local, nil), http.StatusNotFound, "not_found")
		checkProblem(t, env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", congVi), local, map[string]any{"active": false}), http.StatusNotFound, "not_found")
		ids := listIDs(t, env.Request(t, http.MethodGet, "/api/v1/users", local, nil))
		if contains(ids, fmt.Sprint(congVi)) || !contains(ids, fmt.Sprint(env.UserID(t, officerBoDe))) {
			t.Fatalf("local admin lists %v", ids)
		}
	})
	t.Run("list and get", func(t *testing.T) {
		ids := listIDs(t, env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users?unit_id=%d&role=officer", ngocLam), admin, nil))
		want := []string{fmt.Sprint(env.UserID(t, officerNgocLam)), fmt.Sprint(num(created, "id"))}
		if len(ids) != 2 || !contains(ids, want[0]) || !contains(ids, want[1]) {
			t.Fatalf("officers of Ngọc Lâm: %v, want %v", ids, want)
		}
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users/%d", num(created, "id")), admin, nil)
		wantStatus(t, r, http.StatusOK)
		if r.JSON["username"] != "ctv.ngoclam" {
			t.Fatalf("get: %s", r.Body)
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/users/nope", admin, nil), http.StatusNotFound, "not_found")
	})
	t.Run("patch roles, then deactivate", func(t *testing.T) {
		id := num(created, "id")
		tok := env.Login(t, "ctv.ngoclam")
		r := env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", id), admin, map[string]any{"roles": []string{"officer", "secretary"}})
		wantStatus(t, r, http.StatusOK)
		if roles := r.JSON["roles"].([]any); len(roles) != 2 {
			t.Fatalf("roles %v", roles)
		}
		// The new role applies at once: a secretary may hand out tasks.
		createTask(t, env, tok, taskTo("Từ thư ký", ngocLam, "officer", 0))
		fields := checkProblem(t, env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", id), admin, map[string]any{"roles": []string{"boss"}}),
			http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "roles[0]", "role") {
			t.Fatalf("fields %v", fields)
		}
		r = env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", id), admin, map[string]any{"active": false})
		wantStatus(t, r, http.StatusOK)
		if r.JSON["active"] != false {
			t.Fatalf("still active: %s", r.Body)
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusUnauthorized, "unauthorized")
		r = env.Request(t, http.MethodPost, "/api/v1/auth/login", "", map[string]string{"username": "ctv.ngoclam", "password": "mật-khẩu-dài"})
		checkProblem(t, r, http.StatusUnauthorized, "unauthorized")
	})
	t.Run("a new password ends the old sessions", func(t *testing.T) {
		tok := env.Relogin(t, "admin.longbien", "mật-khẩu-dài")
		r := env.Request(t, http.MethodPatch, fmt.Sprintf("/api/v1/users/%d", env.UserID(t, "admin.longbien")), admin, map[string]any{"password": "một-mật-khẩu-mới"})
		wantStatus(t, r, http.StatusOK)
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/me", tok, nil), http.StatusUnauthorized, "unauthorized")
		env.Relogin(t, "admin.longbien", "một-mật-khẩu-mới")
	})
	t.Run("Idempotency-Key replays a create", func(t *testing.T) {
		body := newUser("ctv.bode", env.UnitID(t, unitBoDe), "officer")
		a := env.Request(t, http.MethodPost, "/api/v1/users", admin, body, "Idempotency-Key", "user-ctv-bode")
		wantStatus(t, a, http.StatusCreated)
		b := env.Request(t, http.MethodPost, "/api/v1/users", admin, body, "Idempotency-Key", "user-ctv-bode")
		wantStatus(t, b, http.StatusCreated)
		if num(a.JSON, "id") != num(b.JSON, "id") || b.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %s then %s (%q)", a.Body, b.Body, b.Header.Get("Idempotent-Replayed"))
		}
	})
}

// TestUsersSearch: ?q= finds users by part of the username or full name,
// with or without Vietnamese diacritics and in any case, after a rename
// too; it keeps to the admin's subtree (a province admin never finds
// another province's user, the national admin does), takes LIKE's
// wildcards literally, and refuses more than 100 characters naming q.
func TestUsersSearch(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	root := env.Login(t, adminUser)
	haNoi, tanPhu := env.UnitID(t, "01"), env.UnitID(t, unitTanPhu)
	create := func(username, fullName string, unit uint, role string) string {
		t.Helper()
		r := env.Request(t, http.MethodPost, "/api/v1/users", root,
			map[string]any{"username": username, "password": "mật-khẩu-dài", "full_name": fullName, "unit_id": unit, "roles": []string{role}})
		wantStatus(t, r, http.StatusCreated)
		return fmt.Sprint(num(r.JSON, "id"))
	}
	create("admin.hanoi", "Quản trị Hà Nội", haNoi, "admin")
	hanoiUser := create("ctv.hanoi", "Nguyễn Thị Đào", env.UnitID(t, unitNgocLam), "officer")
	hcmUser := create("ctv.tanphu", "Nguyễn Thị Đào Hồng", tanPhu, "officer")
	province := env.Relogin(t, "admin.hanoi", "mật-khẩu-dài")
	search := func(token, q string) []string {
		t.Helper()
		return listIDs(t, env.Request(t, http.MethodGet, "/api/v1/users?q="+url.QueryEscape(q), token, nil))
	}

	t.Run("by part of the full name, diacritics and case ignored", func(t *testing.T) {
		for _, q := range []string{"Thị Đào", "thi dao", "NGUYỄN THỊ ĐÀO", "  nguyen   thi dao "} {
			if got := search(root, q); len(got) != 2 || !contains(got, hanoiUser) || !contains(got, hcmUser) {
				t.Errorf("q=%q: %v, want %s and %s", q, got, hanoiUser, hcmUser)
			}
		}
		if got := search(root, "dao hong"); len(got) != 1 || got[0] != hcmUser {
			t.Errorf("q=dao hong: %v, want %s", got, hcmUser)
		}
	})
	t.Run("by part of the username", func(t *testing.T) {
		if got := search(root, "CTV.HA"); len(got) != 1 || got[0] != hanoiUser {
			t.Errorf("q=CTV.HA: %v, want %s", got, hanoiUser)
		}
	})
	t.Run("with the other filters", func(t *testing.T) {
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users?q=ngoc+lam&role=officer&unit_id=%d", env.UnitID(t, unitNgocLam)), root, nil)
		if got := listIDs(t, r); len(got) != 1 || got[0] != fmt.Sprint(env.UserID(t, officerNgocLam)) {
			t.Errorf("officers of Ngọc Lâm named Ngọc Lâm: %v", got)
		}
	})
	t.Run("wildcards are taken literally", func(t *testing.T) {
		for _, q := range []string{"%", "ctv_hanoi", `\`} {
			if got := search(root, q); len(got) != 0 {
				t.Errorf("q=%q finds %v", q, got)
			}
		}
	})
	t.Run("a new full name is found", func(t *testing.T) {
		wantStatus(t, env.Request(t, http.MethodPatch, "/api/v1/users/"+hanoiUser, root, map[string]any{"full_name": "Trần Văn Bình"}), http.StatusOK)
		if got := search(root, "tran van binh"); len(got) != 1 || got[0] != hanoiUser {
			t.Errorf("after the rename: %v", got)
		}
		if got := search(root, "thi dao"); contains(got, hanoiUser) {
			t.Errorf("the old name still finds %s: %v", hanoiUser, got)
		}
	})
	t.Run("a province admin finds only their province's users", func(t *testing.T) {
		if got := search(province, "dao hong"); len(got) != 0 {
			t.Errorf("the Hà Nội admin finds %v in Hồ Chí Minh City", got)
		}
		if got := search(province, "ctv"); !contains(got, hanoiUser) || contains(got, hcmUser) {
			t.Errorf("the Hà Nội admin's q=ctv: %v, want %s and not %s", got, hanoiUser, hcmUser)
		}
	})
	t.Run("more than 100 characters are refused", func(t *testing.T) {
		if got := search(root, strings.Repeat("đ", 100)); len(got) != 0 {
			t.Errorf("100 characters (200 bytes) find %v", got)
		}
		fields := checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/users?q="+url.QueryEscape(strings.Repeat("đ", 101)), root, nil),
			http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "q", "max") {
			t.Errorf("fields %v, want q:max", fields)
		}
	})
}
