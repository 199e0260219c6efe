package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsflow/calendar"
	"dsflow/testenv"
)

// secretaryBriefs: Long Biên's secretary creates a quarterly briefing
// cycle that starts now, opens the briefing it launched, records a
// conclusion for Ngọc Lâm (a past deadline refused beside the field
// first), and pauses the cycle.
func secretaryBriefs(t *testing.T, s *browserSite) {
	token := s.env.Login(t, "thuky.longbien")
	p := s.phone(t, "secretary-briefing")
	p.login("thuky.longbien")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/briefings"]`)), http.StatusOK)
	p.do(chromedp.Click(chromedp.CSS(`#create summary`)), chromedp.SetValue(chromedp.CSS(`#template`), "briefing-quarterly"),
		chromedp.SendKeys(chromedp.CSS(`#name`), "Giao ban quý quận Long Biên"), chromedp.Click(chromedp.CSS(`#start_now`)))
	p.labelled()
	p.follow(chromedp.Click(chromedp.CSS(`form[action="/briefings"] button[type=submit]`)), http.StatusOK)
	p.contains("Đã tạo lịch giao ban", "Giao ban quý quận Long Biên", "Hằng quý")

	var id string
	testenv.Eventually(t, 30*time.Second, "the current quarter's briefing is launched", func() bool {
		items, _ := s.env.Request(t, http.MethodGet, "/api/v1/campaigns?kind=briefing", token, nil).JSON["items"].([]any)
		if len(items) > 0 {
			id = fmt.Sprint(items[0].(map[string]any)["id"])
		}
		return id != ""
	})
	p.follow(chromedp.Navigate(s.url+"/briefings"), http.StatusOK)
	p.fitsWidth()
	p.a11y("30-secretary-briefings")
	p.shot("30-secretary-briefings")
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/briefings/`+id+`"]`)), http.StatusOK)
	p.contains("Kết luận giao ban", "Ghi kết luận")
	ngocLam := fmt.Sprint(s.env.UnitID(t, "DEMO-NGOCLAM"))
	p.do(chromedp.SendKeys(chromedp.CSS(`#text`), "Ngọc Lâm rà soát số liệu sinh con thứ 3"), chromedp.SetValue(chromedp.CSS(`#units`), ngocLam),
		chromedp.SendKeys(chromedp.CSS(`#due`), "01/01/2020"))
	p.labelled()
	record := chromedp.Click(chromedp.CSS(`form[action="/briefings/` + id + `/conclusions"] button[type=submit]`))
	p.follow(record, http.StatusUnprocessableEntity)
	if msg := p.text(`#due-err`); msg != "Phải là thời điểm trong tương lai" {
		t.Fatalf("message beside the deadline: %q", msg)
	}
	p.a11y("briefing conclusion error")
	p.do(chromedp.Clear(chromedp.CSS(`#due`)), chromedp.SendKeys(chromedp.CSS(`#due`), time.Now().In(calendar.Location()).AddDate(0, 0, 10).Format("02/01/2006")))
	p.follow(record, http.StatusOK)
	p.contains("Đã ghi kết luận", "Ngọc Lâm rà soát số liệu sinh con thứ 3", "0/1 đơn vị đã xong")
	p.fitsWidth()
	p.a11y("31-secretary-briefing-agenda")
	p.shot("31-secretary-briefing-agenda")
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/briefings"]`)), http.StatusOK)
	p.follow(chromedp.Click(chromedp.CSS(`form[action$="/pause"] button`)), http.StatusOK)
	p.contains("Đã tạm dừng lịch giao ban", "Chạy lại")
	p.a11y("briefings, paused")
	p.noProblems()
}
