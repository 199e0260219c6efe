package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsflow/calendar"
)

// nurseRecords: Ngọc Lâm's health officer records a positive prenatal
// screening through the form on a phone (a date of birth in the future is
// refused beside its field first), opens the case, sees no name until
// they say why they need it, then sees it, the view logged.
func nurseRecords(t *testing.T, s *browserSite) {
	const name, phoneNo = "Trần Thị Mai Anh", "0912 345 678"
	p := s.phone(t, "nurse")
	p.login("yte.ngoclam")
	p.follow(chromedp.Click(chromedp.CSS(`nav a[href="/screening"]`)), http.StatusOK)
	p.contains("Sàng lọc trước sinh và sơ sinh", "Ghi nhận ca sàng lọc")
	p.a11y("screening")
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/screening/new"]`)), http.StatusOK)
	next := strconv.Itoa(time.Now().In(calendar.Location()).Year() + 1)
	p.do(chromedp.SendKeys(chromedp.CSS(`#full_name`), name), chromedp.SendKeys(chromedp.CSS(`#date_of_birth`), "12/04/"+next),
		chromedp.SendKeys(chromedp.CSS(`#phone`), phoneNo), chromedp.SendKeys(chromedp.CSS(`#address`), "Số 5 ngõ 12 Ngọc Lâm"),
		chromedp.SetValue(chromedp.CSS(`#result`), "positive"), chromedp.SetValue(chromedp.CSS(`#protocol`), "prenatal-followup"))
	p.fitsWidth()
	p.labelled()
	p.a11y("20-nurse-record-form")
	p.shot("20-nurse-record-form")
	record := chromedp.Click(chromedp.CSS(`form[action="/screening/new"] button[type=submit]`))
	p.follow(record, http.StatusUnprocessableEntity)
	if msg := p.text(`#date_of_birth-err`); msg != "Không được là ngày trong tương lai" {
		t.Fatalf("message beside the date of birth: %q", msg)
	}
	if got := p.value(`#full_name`); got != name {
		t.Fatalf("the name typed is kept: %q", got)
	}
	p.a11y("21-nurse-record-error")
	p.shot("21-nurse-record-error")
	p.do(chromedp.Clear(chromedp.CSS(`#date_of_birth`)), chromedp.SendKeys(chromedp.CSS(`#date_of_birth`), "12/04/1996"))
	p.follow(record, http.StatusOK)
	p.contains("Đã ghi nhận ca sàng lọc", "Đang theo dõi", "Hẹn làm xét nghiệm chẩn đoán xác định", "Lý do xem thông tin cá nhân")
	if body := p.text("body"); strings.Contains(body, name) || strings.Contains(body, "0912345678") {
		t.Fatalf("personal data before a purpose:\n%s", body)
	}
	p.fitsWidth()
	p.a11y("22-nurse-case-hidden")
	p.shot("22-nurse-case-hidden")
	p.do(chromedp.SendKeys(chromedp.CSS(`#purpose`), "Gọi hẹn xét nghiệm chẩn đoán"))
	p.follow(chromedp.Click(chromedp.CSS(`#person form button[type=submit]`)), http.StatusOK)
	p.contains(name, "12/04/1996", "0912345678", "Dương tính", "Lần xem này đã được ghi lại, với lý do: Gọi hẹn xét nghiệm chẩn đoán")
	p.fitsWidth()
	p.a11y("23-nurse-case-personal")
	p.shot("23-nurse-case-personal")

	p.follow(chromedp.Click(chromedp.CSS(`a[href="/screening"]`)), http.StatusOK)
	if body := p.text("body"); strings.Contains(body, name) || !strings.Contains(body, "Phường Ngọc Lâm") {
		t.Fatalf("the list: no personal data, the unit named:\n%s", body)
	}
	p.follow(chromedp.Click(chromedp.CSS(`a[href="/screening/coverage"]`)), http.StatusOK)
	p.contains("Độ bao phủ sàng lọc", "Phường Ngọc Lâm")
	p.fitsWidth()
	p.a11y("24-nurse-coverage")
	p.shot("24-nurse-coverage")
	p.noProblems()
}
