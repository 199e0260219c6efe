package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAllUnitsStopsAtTheBound: a subtree past maxListedUnits is fetched
// page by page up to the bound, and the form's tree then ends with a
// disabled option that says so; one just past a page is fetched whole,
// without the note. (TestListsPastTheAPIPage shows the real stack's 520;
// ten thousand units would take the real import minutes.)
func TestAllUnitsStopsAtTheBound(t *testing.T) {
	for _, tc := range []struct {
		name         string
		total, calls int
		capped       bool
	}{
		{"past the bound", maxListedUnits + 1, maxListedUnits / apiPageSize, true},
		{"one page and a bit", apiPageSize + 20, 2, false},
		{"a full last page", 2 * apiPageSize, 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls++
				q := r.URL.Query()
				limit, _ := strconv.Atoi(q.Get("limit"))
				offset, _ := strconv.Atoi(q.Get("offset"))
				if r.URL.Path != "/api/v1/units" || q.Get("level") != "commune" || limit != apiPageSize {
					t.Errorf("asked %s", r.URL)
				}
				items := []map[string]any{}
				for id := offset + 1; id <= min(offset+limit, tc.total); id++ {
					items = append(items, map[string]any{"id": id, "name": "Xã " + strconv.Itoa(id), "level": "commune"})
				}
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(map[string]any{"items": items})
			})
			h := &Handler{api: api, log: slog.Default(), now: time.Now}
			r := httptest.NewRequest(http.MethodGet, "/screening/new", nil)
			units, capped, p := h.allUnits(r, url.Values{"level": {"commune"}})
			if p != nil {
				t.Fatal(p)
			}
			want := min(tc.total, maxListedUnits)
			if len(units) != want || capped != tc.capped || calls != tc.calls {
				t.Errorf("%d units, capped %v, in %d requests; want %d, %v, %d", len(units), capped, calls, want, tc.capped, tc.calls)
			}
			if len(units) > 0 && units[len(units)-1].ID != uint(want) {
				t.Errorf("the last unit is %d, want %d", units[len(units)-1].ID, want)
			}
			opts := h.cappedTree(r, units, capped)
			note := opts[len(opts)-1]
			if note.Disabled != tc.capped || tc.capped && !strings.Contains(note.Label, strconv.Itoa(maxListedUnits)) {
				t.Errorf("the list ends with %+v", note)
			}
		})
	}
}

// TestPagerLinks: the links keep the list's filter and leave out one-off
// parameters; the first page has no previous link, the last no next one.
func TestPagerLinks(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/admin/users?unit=7&done=create&username=x&offset=100", nil)
	if got := newPager(r, 100, browsePageSize+1, "unit"); got.Prev != "/admin/users?unit=7" || got.Next != "/admin/users?offset=200&unit=7" || got.From != 101 || got.To != 200 {
		t.Errorf("a middle page: %+v", got)
	}
	if got := newPager(r, 0, 5, "unit"); got.Prev != "" || got.Next != "" || got.From != 1 || got.To != 5 {
		t.Errorf("a single page: %+v", got)
	}
	r = httptest.NewRequest(http.MethodGet, "/admin/users?offset=300", nil)
	if got := newPager(r, 300, 20); got.Prev != "/admin/users?offset=200" || got.Next != "" || got.To != 320 {
		t.Errorf("the last page: %+v", got)
	}
	for _, raw := range []string{"-5", "x", "", "9223372036854775807"} {
		if n := pageOffset(httptest.NewRequest(http.MethodGet, "/admin/users?offset="+raw, nil)); n != 0 {
			t.Errorf("offset %q read as %d", raw, n)
		}
	}
}
