package minutes

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"dsflow/calendar"

	"golang.org/x/text/unicode/norm"
)

// sample is minutes as the inspection service would fill them, with a
// section listing every Vietnamese letter.
func sample() Minutes {
	lower, upper := vietnameseLetters()
	var letters []ItemResult
	for i := range lower {
		letters = append(letters, ItemResult{
			// One word per vowel: pdftotext reads single letters
			// between spaces as letter-spaced text and drops the
			// spaces, which would test its heuristics, not the PDF.
			Text:    strings.Join(lower[i], ""),
			Answer:  "Có",
			Comment: strings.Join(upper[i], ""),
		})
	}
	return Minutes{
		Number:     "15/BB-ĐKT",
		Place:      "Hà Nội",
		Date:       time.Date(2026, 7, 15, 9, 0, 0, 0, calendar.Location()),
		Authority:  "UBND thành phố Hà Nội",
		Issuer:     "Chi cục Dân số – KHHGĐ",
		Title:      "Biên bản kiểm tra",
		Subtitle:   "Công tác Dân số – Kế hoạch hóa gia đình tại phường Ngọc Lâm",
		Inspection: "Kiểm tra công tác Dân số – KHHGĐ năm 2026",
		Window:     "từ ngày 10/7/2026 đến ngày 12/7/2026",
		Team: []Person{
			{"Nguyễn Thị Hương", "Trưởng đoàn"},
			{"Trần Văn Đức", "Thành viên"},
			{"Lê Thị Ngọc Ánh", "Thành viên"},
		},
		Units: []UnitResult{{
			Unit:     "Phường Ngọc Lâm",
			Score:    42.5,
			MaxScore: 50,
			Sections: []SectionResult{
				{
					Title: "Công tác chỉ đạo, điều hành",
					Items: []ItemResult{
						{Text: "Có kế hoạch công tác dân số năm được phê duyệt", Answer: "Có"},
						{Text: "Mức độ hoàn thành chỉ tiêu sàng lọc trước sinh", Answer: "4/5", Comment: "Đạt 92% kế hoạch"},
						{Text: "Số cộng tác viên được tập huấn trong năm", Answer: "29"},
						{Text: "Cập nhật biến động dân cư vào kho dữ liệu chuyên ngành", Answer: "Không", Comment: "Chậm 3 tháng, thiếu sổ A0 của tổ 12"},
						{Text: "Hình thức truyền thông đã dùng", Answer: "Loa phát thanh; Tờ rơi"},
						{Text: "Xử lý vi phạm chính sách dân số", Answer: "Không áp dụng"},
					},
				},
				{Title: "Chữ cái tiếng Việt", Items: letters},
			},
			Findings: []Finding{
				{Severity: "Nghiêm trọng", Description: "Chậm cập nhật kho dữ liệu", Item: "Cập nhật biến động dân cư vào kho dữ liệu chuyên ngành", Deadline: "31/12/2026"},
				{Severity: "Nhẹ", Description: "Thiếu biên bản họp tổ", Deadline: "30/9/2026"},
			},
		}},
		Signer:   Person{"Nguyễn Thị Hương", "Trưởng đoàn"},
		SignedAt: time.Date(2026, 7, 15, 16, 30, 0, 0, calendar.Location()),
	}
}

func TestRenderVietnameseText(t *testing.T) {
	doc, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	keepSample(t, "sample.pdf", doc)
	text := strings.Join(pdfPages(t, doc), " ")

	want := []string{
		"UBND THÀNH PHỐ HÀ NỘI",
		"CHI CỤC DÂN SỐ – KHHGĐ",
		"Số: 15/BB-ĐKT",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"Hà Nội, ngày 15 tháng 7 năm 2026",
		"BIÊN BẢN KIỂM TRA",
		"Công tác Dân số – Kế hoạch hóa gia đình tại phường Ngọc Lâm",
		"Cuộc kiểm tra: Kiểm tra công tác Dân số – KHHGĐ năm 2026",
		"Thời gian kiểm tra: từ ngày 10/7/2026 đến ngày 12/7/2026",
		"1. Nguyễn Thị Hương – Trưởng đoàn",
		"2. Trần Văn Đức – Thành viên",
		"3. Lê Thị Ngọc Ánh – Thành viên",
		"1. Phường Ngọc Lâm",
		"I. Công tác chỉ đạo, điều hành",
		"Không áp dụng",
		"Đạt 92% kế hoạch",
		"Điểm: 42,5/50",
		"Chậm cập nhật kho dữ liệu",
		"Nghiêm trọng",
		"31/12/2026",
		"Thiếu biên bản họp tổ",
		"TRƯỞNG ĐOÀN Nguyễn Thị Hương",
	}
	lower, upper := vietnameseLetters()
	for i := range lower {
		want = append(want, strings.Join(lower[i], ""), strings.Join(upper[i], ""))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("extracted text:\n%s", text)
	}
}

func TestRenderLongChecklistBreaksAcrossPages(t *testing.T) {
	m := sample()
	var items []ItemResult
	for i := 1; i <= 200; i++ {
		it := ItemResult{Text: fmt.Sprintf("Mục %d: kiểm tra sổ theo dõi của tổ dân phố", i), Answer: "Có"}
		if i%10 == 0 {
			it.Text += ", đối chiếu với kho dữ liệu dân cư, phiếu thu tin và báo cáo thống kê hằng tháng của phường"
			it.Comment = "Đã đối chiếu từng hộ, sai lệch đã được sửa ngay tại buổi kiểm tra"
		}
		if i == 150 {
			// Longer than a page: the one row that must be cut.
			it.Comment = strings.Repeat("Ghi chú rất dài của người kiểm tra. ", 90) + "Hết ghi chú."
		}
		items = append(items, it)
	}
	m.Units[0].Sections = []SectionResult{{Title: "Kiểm tra sổ sách", Items: items}}
	doc, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	keepSample(t, "long.pdf", doc)
	pages := pdfPages(t, doc)
	if len(pages) < 5 {
		t.Fatalf("200 items on %d pages", len(pages))
	}

	if strings.HasPrefix(pages[0], "1 ") {
		t.Errorf("page 1 shows its number: %.60q", pages[0])
	}
	for i, p := range pages[1:] {
		n := strconv.Itoa(i + 2)
		if !strings.HasPrefix(p, n+" ") {
			t.Errorf("page %s does not start with its number: %.60q", n, p)
		}
		if !strings.Contains(p, "Mục ") {
			continue // the table ended on the page before
		}
		if !strings.Contains(p, colItem) {
			t.Errorf("page %s continues the table without its head row", n)
		}
	}

	// Every item once, in order: no row lost or repeated at a page break.
	text := strings.Join(pages, " ")
	last := -1
	for i := 1; i <= 200; i++ {
		label := fmt.Sprintf("Mục %d:", i)
		if c := strings.Count(text, label); c != 1 {
			t.Errorf("%q appears %d times", label, c)
			continue
		}
		at := strings.Index(text, label)
		if at < last {
			t.Errorf("%q out of order", label)
		}
		last = at
	}
	if !strings.Contains(text, "Hết ghi chú.") {
		t.Error("the row longer than a page lost its end")
	}
	if !strings.Contains(pages[len(pages)-1], "Nguyễn Thị Hương") {
		t.Error("the last page lacks the signer")
	}
}

func TestRenderIsReproducible(t *testing.T) {
	a, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same minutes differ")
	}
}

func TestRenderSurvivesAwkwardText(t *testing.T) {
	m := sample()
	m.Units[0].Sections[0].Items[0].Comment = "Tốt 😀\tlắm\r\ndòng hai"
	// Decomposed, as some keyboards type it.
	m.Signer.Name = norm.NFD.String("Nguyễn Thị Hương")
	doc, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfPages(t, doc), " ")
	for _, w := range []string{"Tốt \uFFFD lắm dòng hai", "TRƯỞNG ĐOÀN Nguyễn Thị Hương"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

func TestRenderRefusesIncompleteMinutes(t *testing.T) {
	for _, tc := range []struct {
		field string
		blank func(*Minutes)
	}{
		{"Number", func(m *Minutes) { m.Number = " " }},
		{"Place", func(m *Minutes) { m.Place = "" }},
		{"Date", func(m *Minutes) { m.Date = time.Time{} }},
		{"Issuer", func(m *Minutes) { m.Issuer = "" }},
		{"Title", func(m *Minutes) { m.Title = "" }},
		{"Signer.Name", func(m *Minutes) { m.Signer.Name = "" }},
		{"Signer.Position", func(m *Minutes) { m.Signer.Position = "" }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			m := sample()
			tc.blank(&m)
			_, err := Render(m)
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("got %v, want an error naming %s", err, tc.field)
			}
		})
	}
}

func TestRenderWithoutOptionalParts(t *testing.T) {
	m := Minutes{
		Number: "1/BB-ĐKT", Place: "Quảng Ninh", Date: time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC),
		Issuer: "Chi cục Dân số", Title: "Biên bản kiểm tra",
		Units:  []UnitResult{{Unit: "Xã Quảng An"}},
		Signer: Person{"Phạm Văn Bình", "Trưởng đoàn"},
	}
	doc, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfPages(t, doc), " ")
	for _, w := range []string{"Quảng Ninh, ngày 05 tháng 02 năm 2026", "1. Xã Quảng An", labelNoFindings} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if strings.Contains(text, labelScore) {
		t.Error("an unscored unit shows a score")
	}
}
