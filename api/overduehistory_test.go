package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"dsflow/calendar"
	"dsflow/testenv"
)

// TestOverdueHistory: two tasks of Ngọc Lâm (Hà Nội) and one of Tân Phú
// (Hồ Chí Minh City) pass their due time. Each leader's history counts
// what is overdue in their own subtree only — the city of Hà Nội's leader,
// a level below the root, sees neither Hồ Chí Minh City's count nor its
// units — and today's count drops when the officer submits. On
// PostgreSQL and on SQLite: the count is one SQL query.
func TestOverdueHistory(t *testing.T) {
	for _, db := range []string{"postgres", "sqlite"} {
		t.Run(db, func(t *testing.T) { overdueHistory(t, testenv.Start(t, testenv.Options{SQLite: db == "sqlite"})) })
	}
}

func overdueHistory(t *testing.T, env *testenv.Env) {
	admin := env.Login(t, adminUser)
	ngocLam, tanPhu, longBien := env.UnitID(t, unitNgocLam), env.UnitID(t, unitTanPhu), env.UnitID(t, unitLongBien)
	hcmCity := env.UnitID(t, "79")
	created := env.Request(t, http.MethodPost, "/api/v1/users", admin, map[string]any{"username": "lanhdao.tanphu", "password": "mật-khẩu-dài",
		"full_name": "Trưởng BCĐ quận Tân Phú", "unit_id": tanPhu, "roles": []string{"leader"}})
	wantStatus(t, created, http.StatusCreated)
	hcm := env.Relogin(t, "lanhdao.tanphu", "mật-khẩu-dài")
	ward, hanoi, officer := env.Login(t, leaderNgocLam), env.Login(t, "lanhdao.hanoi"), env.Login(t, officerNgocLam)

	due := func(title string, unit uint, assignee uint, token string) string {
		body := taskTo(title, unit, "", assignee)
		if assignee == 0 {
			body = taskTo(title, unit, "officer", 0)
		}
		body["due"] = dueIn(3 * time.Second)
		return createTask(t, env, token, body)["id"].(string)
	}
	first := due("Quá hạn một", ngocLam, env.UserID(t, officerNgocLam), ward)
	due("Quá hạn hai", ngocLam, env.UserID(t, officerNgocLam), ward)
	due("Quá hạn ở Tân Phú", tanPhu, 0, hcm)
	createTask(t, env, ward, taskTo("Chưa đến hạn", ngocLam, "officer", 0))
	time.Sleep(4 * time.Second)

	today := calendar.DateOf(time.Now().In(calendar.Location())).String()
	history := func(token, query string) []any {
		t.Helper()
		r := env.Request(t, http.MethodGet, "/api/v1/overdue/history"+query, token, nil)
		wantStatus(t, r, http.StatusOK)
		days, _ := r.JSON["days"].([]any)
		if len(days) == 0 || days[len(days)-1].(map[string]any)["date"] != today {
			t.Fatalf("history%s: %s", query, r.Body)
		}
		return days
	}
	todays := func(token, query string) int {
		t.Helper()
		days := history(token, query)
		return num(days[len(days)-1].(map[string]any), "overdue")
	}

	t.Run("thirty days, nothing before today", func(t *testing.T) {
		days := history(hanoi, "")
		if len(days) != 30 {
			t.Fatalf("%d days", len(days))
		}
		for _, d := range days[:29] {
			if num(d.(map[string]any), "overdue") != 0 {
				t.Fatalf("a day before the tasks existed counts them: %v", days)
			}
		}
		if n := num(days[29].(map[string]any), "overdue"); n != 2 {
			t.Fatalf("today %d, want 2", n)
		}
		if len(history(hanoi, "?days=7")) != 7 {
			t.Fatal("days=7")
		}
	})
	t.Run("each leader counts their own subtree", func(t *testing.T) {
		for _, c := range []struct {
			who, token, query string
			want              int
		}{
			{"the root's admin", admin, "", 3},
			{"Hà Nội's leader", hanoi, "", 2},
			{"Hà Nội's leader, Long Biên", hanoi, fmt.Sprintf("?unit=%d", longBien), 2},
			{"the ward's leader", ward, "", 2},
			{"Tân Phú's leader", hcm, "", 1},
			{"the admin, Hồ Chí Minh City", admin, fmt.Sprintf("?unit=%d", hcmCity), 1},
		} {
			if got := todays(c.token, c.query); got != c.want {
				t.Errorf("%s%s: %d overdue today, want %d", c.who, c.query, got, c.want)
			}
		}
	})
	t.Run("no unit outside the subtree", func(t *testing.T) {
		for _, c := range []struct {
			who, token string
			unit       uint
		}{
			{"Hà Nội's leader", hanoi, hcmCity},
			{"Hà Nội's leader", hanoi, tanPhu},
			{"Tân Phú's leader", hcm, ngocLam},
			{"the ward's leader", ward, longBien},
		} {
			r := env.Request(t, http.MethodGet, fmt.Sprintf("/api/v1/overdue/history?unit=%d", c.unit), c.token, nil)
			checkProblem(t, r, http.StatusNotFound, "not_found")
		}
	})
	t.Run("bad queries and roles", func(t *testing.T) {
		for q, field := range map[string]string{"?days=91": "days", "?days=-1": "days", "?days=abc": "days", "?unit=x": "unit"} {
			fields := checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/overdue/history"+q, hanoi, nil), http.StatusUnprocessableEntity, "invalid")
			if len(fields) == 0 || fields[0][:len(field)] != field {
				t.Errorf("%s: fields %v", q, fields)
			}
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/overdue/history", officer, nil), http.StatusForbidden, "forbidden")
	})
	t.Run("a submission leaves the count", func(t *testing.T) {
		wantStatus(t, command(t, env, officer, first, "submit", map[string]any{"data": map[string]any{"births": 4}}), http.StatusOK)
		testenv.Eventually(t, 20*time.Second, "today's count drops", func() bool { return todays(hanoi, "") == 1 })
		if got := todays(hcm, ""); got != 1 {
			t.Errorf("Tân Phú %d", got)
		}
	})
}
