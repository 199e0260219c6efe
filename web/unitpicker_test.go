package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dsflow/testenv"
	"dsflow/web"
)

// pickerCommunes is how many communes TestUnitPickerOverTheCountry
// imports: about Vietnam's 3,321, half in Hà Nội, half in Hồ Chí Minh
// City, under districts of their own (Long Biên keeps its two).
const pickerCommunes = 3300

// TestUnitPickerOverTheCountry: over a country's communes a national
// user's forms list the units above the communes and search the communes,
// so their pages stay far under the 200 KB budget; a search keeps the
// form as typed, creates nothing, and the form then sends the commune
// found (a campaign, a user, a briefing cycle, named in its list); a
// province's search finds only its own communes; ticked boxes stay ticked
// across a search; a district's few units are still listed whole.
func TestUnitPickerOverTheCountry(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	site := httptest.NewServer(web.New(web.Deps{API: env.API.Handler()}))
	t.Cleanup(site.Close)
	root := env.Login(t, "admin")
	importCountry(t, env, root)
	for _, u := range []map[string]any{
		{"username": "thuky.quocgia", "password": "mật-khẩu-dài", "full_name": "Thư ký BCĐ quốc gia", "unit_id": env.UnitID(t, "VN"), "roles": []string{"secretary"}},
		{"username": "admin.hanoi", "password": "mật-khẩu-dài", "full_name": "Quản trị Hà Nội", "unit_id": env.UnitID(t, "01"), "roles": []string{"admin"}},
	} {
		if r := env.Request(t, http.MethodPost, "/api/v1/users", root, u); r.Status != http.StatusCreated {
			t.Fatalf("create %v: %d %s", u["username"], r.Status, r.Body)
		}
	}
	admin := signIn(t, site.URL, "admin", "dsflow2026")
	secretary := signIn(t, site.URL, "thuky.quocgia", "mật-khẩu-dài")
	launchPath := "/campaigns/new?template=" + firstTemplate(t, secretary)

	t.Run("a national user's pages stay small", func(t *testing.T) {
		for _, c := range []struct {
			who  *browserless
			path string
		}{{secretary, launchPath}, {admin, "/admin/users"}, {secretary, "/briefings"},
			{signIn(t, site.URL, "kiemtra.hanoi", "dsflow2026"), "/inspections/new"}} {
			status, body := c.who.get(c.path)
			if status != http.StatusOK {
				t.Fatalf("%s: %d", c.path, status)
			}
			t.Logf("%s: %d bytes", c.path, len(body))
			if len(body) > 40_000 {
				t.Errorf("%s is %d KB, want well under 200 KB", c.path, len(body)/1000)
			}
			if n := strings.Count(body, "Xã Thử Nghiệm Số"); n > 0 {
				t.Errorf("%s lists %d of the communes", c.path, n)
			}
			if !strings.Contains(body, `name="unit_q"`) || !strings.Contains(body, `name="unit_search"`) {
				t.Errorf("%s has no search of the communes", c.path)
			}
			if !strings.Contains(body, "Quận Thử Hà Nội 07<") {
				t.Errorf("%s does not list the districts", c.path)
			}
		}
	})

	t.Run("a search finds a commune by name and the launch sends it", func(t *testing.T) {
		_, page := secretary.get(launchPath)
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"template": {formValue(t, page, "template")}, "name": {"Chiến dịch thử tìm xã"}, "start": {inputValue(t, page, "start")},
			"end": {inputValue(t, page, "end")}, "level": {"commune"}, "root_unit": {fmt.Sprint(env.UnitID(t, "VN"))},
			"unit_q": {"thu nghiem so 2345"}, "unit_search": {"1"}}
		before := countItems(t, env, root, "/api/v1/campaigns?limit=200")
		status, found := secretary.post("/campaigns/new", form)
		commune := env.UnitID(t, "T-C2345")
		if status != http.StatusOK {
			t.Fatalf("the search: %d", status)
		}
		if got := selectedUnits(found); len(got) != 1 || got[0] != fmt.Sprint(commune) {
			t.Errorf("after the search the form picks %v, want the commune found %d", got, commune)
		}
		if !strings.Contains(found, "Xã Thử Nghiệm Số 2345 (Quận Thử Hồ Chí Minh 05)") {
			t.Error("the commune found is not named with its district")
		}
		if inputValue(t, found, "name") != "Chiến dịch thử tìm xã" {
			t.Error("the search lost the name typed")
		}
		if n := countItems(t, env, root, "/api/v1/campaigns?limit=200"); n != before {
			t.Fatalf("the search launched a campaign: %d campaigns, were %d", n, before)
		}
		form.Del("unit_search")
		form.Set("root_unit", fmt.Sprint(commune))
		form.Set("csrf", formValue(t, found, "csrf"))
		status, _ = secretary.post("/campaigns/new", form)
		if status != http.StatusSeeOther {
			t.Fatalf("launch over the commune found: %d", status)
		}
		r := env.Request(t, http.MethodGet, "/api/v1/campaigns?limit=200", root, nil)
		if !strings.Contains(string(r.Body), fmt.Sprintf(`"root_unit_id":%d`, commune)) {
			t.Errorf("no campaign over the commune found: %s", r.Body)
		}
	})

	t.Run("a unit whose ID is another unit's code is launched over itself", func(t *testing.T) {
		// GSO codes are numbers too: give a commune of Hồ Chí Minh City
		// the code that is a Hà Nội district's ID, then launch over the
		// district from the page, which sends the ID it picked.
		district := env.UnitID(t, "T-HN-D03")
		csv := fmt.Sprintf("code,name,level,parent_code\n%d,Xã Mã Trùng Số,xã,T-HCM-D01\n", district)
		if r := env.Request(t, http.MethodPost, "/api/v1/units/import", root, csv, "Content-Type", "text/csv; charset=utf-8"); r.Status != http.StatusOK {
			t.Fatalf("import the coded commune: %d %s", r.Status, r.Body)
		}
		_, page := secretary.get(launchPath)
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"template": {formValue(t, page, "template")}, "name": {"Chiến dịch quận có ID trùng mã"}, "start": {inputValue(t, page, "start")},
			"end": {inputValue(t, page, "end")}, "level": {"commune"}, "root_unit": {fmt.Sprint(district)}}
		if status, body := secretary.post("/campaigns/new", form); status != http.StatusSeeOther {
			t.Fatalf("launch over the district: %d %s", status, body)
		}
		r := env.Request(t, http.MethodGet, "/api/v1/campaigns?limit=200", root, nil)
		for _, it := range r.JSON["items"].([]any) {
			if c := it.(map[string]any); c["name"] == "Chiến dịch quận có ID trùng mã" {
				if got := uint(c["root_unit_id"].(float64)); got != district {
					t.Fatalf("launched over unit %d, want the district picked %d (not the commune coded %d)", got, district, district)
				}
				return
			}
		}
		t.Fatalf("no campaign launched: %s", r.Body)
	})

	t.Run("a search by code makes a user there, and the search alone makes none", func(t *testing.T) {
		_, page := admin.get("/admin/users")
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"username": {"canbo.thu0100"}, "password": {"mật-khẩu-dài"}, "full_name": {"Cán bộ xã thử 100"}, "roles": {"officer"},
			"unit_id": {fmt.Sprint(env.UnitID(t, "VN"))}, "unit_q": {"T-C0100"}, "unit_search": {"1"}}
		status, found := admin.post("/admin/users", form)
		commune := env.UnitID(t, "T-C0100")
		if got := selectedUnits(found); status != http.StatusOK || len(got) != 1 || got[0] != fmt.Sprint(commune) {
			t.Errorf("the search by code (%d) picks %v, want %d", status, got, commune)
		}
		if !strings.Contains(found, `<details class="card" id="create" open>`) || inputValue(t, found, "full_name") != "Cán bộ xã thử 100" {
			t.Error("the search does not show the create form again as typed")
		}
		if userExists(t, env, root, "canbo.thu0100") {
			t.Fatal("the search created the user")
		}
		form.Del("unit_search")
		form.Set("unit_id", fmt.Sprint(commune))
		if status, _ := admin.post("/admin/users", form); status != http.StatusSeeOther {
			t.Fatalf("create at the commune found: %d", status)
		}
		r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/users?unit_id=%d", commune), root, nil)
		if !strings.Contains(string(r.Body), `"username":"canbo.thu0100"`) {
			t.Errorf("the user is not at the commune found: %s", r.Body)
		}
		// Its edit form names the commune it is at, not in the list.
		_, edit := admin.get(fmt.Sprintf("/admin/users/%d", env.UserID(t, "canbo.thu0100")))
		if got := selectedUnits(edit); len(got) != 1 || got[0] != fmt.Sprint(commune) || !strings.Contains(edit, ">Xã Thử Nghiệm Số 0100 (Quận Thử Hà Nội 10)<") {
			t.Errorf("the edit form picks %v, want the user's commune %d, named", got, commune)
		}
	})

	t.Run("a cycle over a commune found is named in the list", func(t *testing.T) {
		_, page := secretary.get("/briefings")
		commune := env.UnitID(t, "T-C3001")
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"template": {"briefing-quarterly"}, "name": {"Giao ban xã thử 3001"}, "level": {"commune"}, "cadence": {"quarter"},
			"root_unit": {fmt.Sprint(env.UnitID(t, "VN"))}, "unit_q": {"Số 3001"}, "unit_search": {"1"}}
		token := env.Relogin(t, "thuky.quocgia", "mật-khẩu-dài")
		before := countItems(t, env, token, "/api/v1/schedules")
		status, found := secretary.post("/briefings", form)
		if got := selectedUnits(found); status != http.StatusOK || len(got) != 1 || got[0] != fmt.Sprint(commune) {
			t.Errorf("the search (%d) picks %v, want %d", status, got, commune)
		}
		if n := countItems(t, env, token, "/api/v1/schedules"); n != before {
			t.Fatalf("the search made a cycle: %d, were %d", n, before)
		}
		form.Del("unit_search")
		form.Set("root_unit", fmt.Sprint(commune))
		if status, body := secretary.post("/briefings", form); status != http.StatusSeeOther {
			t.Fatalf("create the cycle over the commune found: %d %s", status, body)
		}
		_, list := secretary.get("/briefings")
		if !strings.Contains(list, "Giao ban xã thử 3001") || !strings.Contains(list, "· Xã Thử Nghiệm Số 3001 ·") {
			t.Error("the cycles' list does not name the commune the cycle is over")
		}
	})

	t.Run("a province's search finds only its own communes", func(t *testing.T) {
		hanoi := signIn(t, site.URL, "admin.hanoi", "mật-khẩu-dài")
		_, page := hanoi.get("/admin/users")
		hcm := env.UnitID(t, "T-HCM-DUP")
		search := func(q string) string {
			form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
				"username": {"x"}, "unit_id": {fmt.Sprint(hcm)}, "unit_q": {q}, "unit_search": {"1"}}
			status, body := hanoi.post("/admin/users", form)
			if status != http.StatusOK {
				t.Fatalf("search %q: %d", q, status)
			}
			return body
		}
		body := search("trùng tên")
		if got, want := selectedUnits(body), fmt.Sprint(env.UnitID(t, "T-HN-DUP")); len(got) != 1 || got[0] != want {
			t.Errorf("Hà Nội's search of a name both cities have picks %v, want Hà Nội's %s", got, want)
		}
		if strings.Contains(body, fmt.Sprintf(`value="%d"`, hcm)) || strings.Contains(body, "Hồ Chí Minh") {
			t.Error("Hà Nội's admin is offered a unit of Hồ Chí Minh City (posted, or found)")
		}
		if body := search("T-C3000"); strings.Contains(body, "Xã Thử Nghiệm Số 3000") || !strings.Contains(body, "Không có xã/phường nào khớp") {
			t.Error("Hà Nội's search by code finds a commune of Hồ Chí Minh City")
		}
	})

	t.Run("check boxes keep the units ticked across a search", func(t *testing.T) {
		inspector := signIn(t, site.URL, "kiemtra.hanoi", "dsflow2026")
		_, page := inspector.get("/inspections/new")
		ticked := env.UnitID(t, "T-C0007")
		form := url.Values{"csrf": {formValue(t, page, "csrf")}, "idempotency_key": {formValue(t, page, "idempotency_key")},
			"name": {"Kiểm tra thử"}, "units": {fmt.Sprint(ticked), fmt.Sprint(env.UnitID(t, "DEMO-LONGBIEN"))},
			"unit_q": {"Xã Thử Nghiệm Số 001"}, "unit_search": {"1"}}
		status, body := inspector.post("/inspections/new", form)
		if status != http.StatusOK {
			t.Fatalf("the search: %d", status)
		}
		checked := regexp.MustCompile(`name="units" value="(\d+)" checked`).FindAllStringSubmatch(body, -1)
		if len(checked) != 2 || !strings.Contains(body, fmt.Sprintf(`value="%d" checked> Xã Thử Nghiệm Số 0007`, ticked)) {
			t.Errorf("after the search %d boxes are ticked, want the commune and the district ticked before", len(checked))
		}
		if n := strings.Count(body, `name="units" value=`); !strings.Contains(body, "> Xã Thử Nghiệm Số 0015 (") || n > 60 {
			t.Errorf("the search shows %d boxes, without the communes 0010–0019", n)
		}
	})

	t.Run("a district's units are listed whole", func(t *testing.T) {
		district := signIn(t, site.URL, "thuky.longbien", "dsflow2026")
		status, body := district.get(launchPath)
		if status != http.StatusOK || !strings.Contains(body, `<select id="root_unit" name="root_unit">`) || !strings.Contains(body, ">— Phường Bồ Đề<") {
			t.Errorf("Long Biên's launch form (%d) does not list its communes", status)
		}
		if strings.Contains(body, `name="unit_q"`) {
			t.Error("Long Biên's few units come with a search")
		}
	})
}

// importCountry adds pickerCommunes communes, half under ten districts of
// Hà Nội and half under ten of Hồ Chí Minh City, and a commune of one name
// in each city.
func importCountry(t *testing.T, env *testenv.Env, token string) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("code,name,level,parent_code\n")
	for p, city := range []struct{ code, key, name string }{{"01", "HN", "Hà Nội"}, {"79", "HCM", "Hồ Chí Minh"}} {
		for d := 1; d <= 10; d++ {
			fmt.Fprintf(&csv, "T-%s-D%02d,Quận Thử %s %02d,quận,%s\n", city.key, d, city.name, d, city.code)
		}
		fmt.Fprintf(&csv, "T-%s-DUP,Xã Trùng Tên,xã,T-%s-D01\n", city.key, city.key)
		half := pickerCommunes / 2
		for i := 1; i <= half; i++ {
			n := p*half + i
			fmt.Fprintf(&csv, "T-C%04d,Xã Thử Nghiệm Số %04d,xã,T-%s-D%02d\n", n, n, city.key, (i-1)%10+1)
		}
	}
	if r := env.Request(t, http.MethodPost, "/api/v1/units/import", token, csv.String(), "Content-Type", "text/csv; charset=utf-8"); r.Status != http.StatusOK {
		t.Fatalf("import the communes: %d %s", r.Status, r.Body)
	}
}

// firstTemplate is the ID of the first template the launch wizard lists.
func firstTemplate(t *testing.T, b *browserless) string {
	t.Helper()
	_, list := b.get("/campaigns/new")
	m := regexp.MustCompile(`href="/campaigns/new\?template=(\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("the wizard lists no template")
	}
	return m[1]
}

// selectedUnits are the unit IDs a page's selects have chosen.
func selectedUnits(page string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<option value="(\d+)" selected>`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// inputValue is the value of the input named name on a page.
func inputValue(t *testing.T, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`<input[^>]* name="` + regexp.QuoteMeta(name) + `"[^>]* value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no input %s on the page", name)
	}
	return html.UnescapeString(m[1])
}

// countItems counts the items of an API list.
func countItems(t *testing.T, env *testenv.Env, token, path string) int {
	t.Helper()
	r := env.Request(t, http.MethodGet, path, token, nil)
	items, _ := r.JSON["items"].([]any)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, r.Status, r.Body)
	}
	return len(items)
}

// userExists says whether the API knows username.
func userExists(t *testing.T, env *testenv.Env, token, username string) bool {
	t.Helper()
	r := env.Request(t, http.MethodGet, "/api/v1/users?limit=500", token, nil)
	return strings.Contains(string(r.Body), `"username":"`+username+`"`)
}
