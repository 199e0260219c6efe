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

	"dsflow/auth"
	"dsflow/models"
	"dsflow/testenv"
	"dsflow/web"
)

// TestListsPastTheAPIPage: a district with 520 communes and 510 more users
// than the API answers in one request (500). The units page pages through
// the district's communes to the 520th and back; the tree and the
// screening form list the 520th commune, the launch form finds it; the
// users page pages to the last user created.
func TestListsPastTheAPIPage(t *testing.T) {
	const communes, users = 520, 510
	env := testenv.Start(t, testenv.Options{})
	site := httptest.NewServer(web.New(web.Deps{API: env.API.Handler()}))
	t.Cleanup(site.Close)
	root := env.Login(t, "admin")

	var csv strings.Builder
	csv.WriteString("code,name,level,parent_code\n")
	for i := 1; i <= communes; i++ {
		fmt.Fprintf(&csv, "T-LB%03d,Xã Thử %03d,xã,DEMO-LONGBIEN\n", i, i)
	}
	if r := env.Request(t, http.MethodPost, "/api/v1/units/import", root, csv.String(), "Content-Type", "text/csv; charset=utf-8"); r.Status != http.StatusOK {
		t.Fatalf("import %d communes: %d %s", communes, r.Status, r.Body)
	}
	longBien := env.UnitID(t, "DEMO-LONGBIEN")
	hash, err := auth.HashPassword("mật-khẩu-dài")
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= users; i++ {
		u := models.User{Username: fmt.Sprintf("thu.%03d", i), PasswordHash: hash, FullName: fmt.Sprintf("Người Thử %03d", i), UnitID: longBien}
		u.SetRoles([]string{models.RoleOfficer})
		if err := env.Store.CreateUser(t.Context(), &u); err != nil {
			t.Fatalf("create user %d: %v", i, err)
		}
	}
	for _, u := range []map[string]any{
		{"username": "ytebien", "password": "mật-khẩu-dài", "unit_id": longBien, "roles": []string{models.RoleHealth}},
	} {
		if r := env.Request(t, http.MethodPost, "/api/v1/users", root, u); r.Status != http.StatusCreated {
			t.Fatalf("create %v: %d %s", u["username"], r.Status, r.Body)
		}
	}
	admin := signIn(t, site.URL, "admin", "dsflow2026")
	last := fmt.Sprintf("Xã Thử %03d", communes)

	t.Run("a unit's children page to the last and back", func(t *testing.T) {
		pages := walkPages(t, admin, fmt.Sprintf("/admin/units?parent=%d", longBien), last)
		if len(pages) < 6 {
			t.Errorf("the %dth commune is on page %d: the pages hold more than 100 rows", communes, len(pages))
		}
		if n := len(testCommunes.FindAllString(pages[0], -1)); !strings.Contains(pages[0], "Xã Thử 001") || n > 100 || n < 90 {
			t.Errorf("the first page holds %d of the communes, want the first of them up to 100 rows", n)
		}
		prev := pageLink(pages[len(pages)-1], "prev")
		if prev == "" {
			t.Fatal("the last page has no link to the previous one")
		}
		_, body := admin.get(prev)
		if got, want := testCommunes.FindAllString(body, -1), testCommunes.FindAllString(pages[len(pages)-2], -1); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("the previous page of the last holds %v, not the page before it %v", got, want)
		}
	})
	t.Run("the tree holds every commune", func(t *testing.T) {
		_, body := admin.get("/admin/units")
		for _, want := range []string{"Xã Thử 501", last} {
			if !strings.Contains(body, want) {
				t.Errorf("the tree does not show %s", want)
			}
		}
		if strings.Contains(body, `class="warn"`) {
			t.Error("the tree says it is cut short")
		}
	})
	t.Run("the launch form finds every commune", func(t *testing.T) {
		// Past smallSubtreeUnits the communes are searched, not listed.
		leader := signIn(t, site.URL, "lanhdao.longbien", "dsflow2026")
		path := "/campaigns/new?template=" + firstTemplate(t, leader)
		status, body := leader.get(path)
		if status != http.StatusOK || strings.Contains(body, "Xã Thử 001") || !strings.Contains(body, `name="unit_q"`) {
			t.Errorf("the launch form (%d) lists the district's %d communes rather than search them", status, communes)
		}
		for _, want := range []string{"Xã Thử 501", last} {
			status, body := leader.get(path + "&unit_q=" + url.QueryEscape(want))
			if status != http.StatusOK || !strings.Contains(body, ">"+want+" (Quận Long Biên)<") {
				t.Errorf("the launch form (%d) does not find %s", status, want)
			}
		}
	})
	t.Run("the screening form offers every commune", func(t *testing.T) {
		health := signIn(t, site.URL, "ytebien", "mật-khẩu-dài")
		status, body := health.get("/screening/new")
		if status != http.StatusOK || !strings.Contains(body, ">"+last+"<") {
			t.Errorf("the screening form (%d) does not offer %s", status, last)
		}
		if strings.Contains(body, "Danh sách chỉ hiện") {
			t.Error("the screening form says its list is cut short")
		}
	})
	t.Run("the users page pages to the last user", func(t *testing.T) {
		lastUser := fmt.Sprintf("thu.%03d", users)
		pages := walkPages(t, admin, "/admin/users", lastUser)
		if len(pages) < 6 || strings.Contains(pages[0], lastUser) {
			t.Errorf("%s is on page %d of 100 rows each", lastUser, len(pages))
		}
		filtered := walkPages(t, admin, fmt.Sprintf("/admin/users?unit=%d", longBien), lastUser)
		for _, p := range filtered {
			if strings.Contains(p, "canbo.ngoclam") {
				t.Error("the pages of Long Biên's users list a user of another unit")
			}
		}
	})
	t.Run("the users page searches by name, page by page", func(t *testing.T) {
		lastUser := fmt.Sprintf("thu.%03d", users)
		_, first := admin.get("/admin/users?q=" + url.QueryEscape(" Người Thử "))
		if !strings.Contains(first, `<input id="q" name="q" type="search" value="Người Thử"`) {
			t.Errorf("the search box does not show the search: %s", first)
		}
		next := pageLink(first, "next")
		if !strings.Contains(next, "q=") {
			t.Fatalf("the next page's link %q drops the search", next)
		}
		pages := walkPages(t, admin, "/admin/users?q=nguoi+thu", lastUser)
		for i, p := range pages {
			if strings.Contains(p, "canbo.ngoclam") || strings.Contains(p, "ytebien") {
				t.Errorf("page %d of the search lists a user not named Người Thử", i+1)
			}
			if i > 0 && !strings.Contains(p, `value="nguoi thu"`) {
				t.Errorf("page %d does not show the search in its box", i+1)
			}
		}
		if len(pages) < 6 {
			t.Errorf("%s is on page %d of 100 rows each", lastUser, len(pages))
		}
		prev := pageLink(pages[len(pages)-1], "prev")
		if u, err := url.Parse(prev); err != nil || u.Query().Get("q") != "nguoi thu" {
			t.Errorf("the previous page's link %q drops the search", prev)
		}
		status, none := admin.get("/admin/users?q=" + url.QueryEscape("không có ai"))
		if status != http.StatusOK || !strings.Contains(none, "Không có người dùng nào có tên khớp với “không có ai”.") || strings.Contains(none, "thu.001") {
			t.Errorf("a search matching nobody (%d): %s", status, none)
		}
		if status, long := admin.get("/admin/users?q=" + strings.Repeat("a", 101)); status != http.StatusOK ||
			!strings.Contains(long, `<p class="err" id="q-err">Từ tìm kiếm dài quá 100 ký tự</p>`) {
			t.Errorf("a search too long (%d): %s", status, long)
		}
	})
}

// testCommunes are the names of the communes TestListsPastTheAPIPage
// imports, as a page shows them.
var testCommunes = regexp.MustCompile(`Xã Thử \d{3}`)

// walkPages follows a list's next links from path until a page holds
// want, and returns the pages seen; it fails the test when the links end
// first.
func walkPages(t *testing.T, b *browserless, path, want string) []string {
	t.Helper()
	var pages []string
	for len(pages) < 50 {
		status, body := b.get(path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		pages = append(pages, body)
		if strings.Contains(body, want) {
			return pages
		}
		if path = pageLink(body, "next"); path == "" {
			break
		}
	}
	t.Fatalf("%d pages from %s without %s", len(pages), path, want)
	return nil
}

// pageLink is the address of a page's rel link ("" when there is none).
func pageLink(page, rel string) string {
	m := regexp.MustCompile(`href="([^"]+)" rel="` + rel + `"`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}
