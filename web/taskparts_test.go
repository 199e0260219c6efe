package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dsflow/models"
)

func TestBulkKeys(t *testing.T) {
	form := "0123456789abcdef0123456789abcdef"
	a, b := bulkKey(form, "T1"), bulkKey(form, "T2")
	if !keyPattern.MatchString(a) || !keyPattern.MatchString(b) {
		t.Fatalf("keys %q %q are not the API's shape", a, b)
	}
	if a == b || a == bulkKey("fedcba9876543210fedcba9876543210", "T1") {
		t.Fatal("two tasks, or two forms, share a key")
	}
	if a != bulkKey(form, "T1") {
		t.Fatal("the same form and task give another key: a retry would apply twice")
	}
}

func TestUploadBodyLimit(t *testing.T) {
	for path, want := range map[string]int64{"/tasks/T1/attachments": uploadBodyLimit, "/tasks//attachments": pageBodyLimit,
		"/tasks/T1/submit": pageBodyLimit, "/tasks/T1/attachments/x": pageBodyLimit, "/login": pageBodyLimit} {
		if got := bodyLimit(httptest.NewRequest("POST", path, nil)); got != want {
			t.Errorf("POST %s: limit %d, want %d", path, got, want)
		}
	}
	if got := bodyLimit(httptest.NewRequest("GET", "/tasks/T1/attachments", nil)); got != pageBodyLimit {
		t.Errorf("GET: %d", got)
	}
}

func TestChartScaleAndSizes(t *testing.T) {
	for n, want := range map[int64]int64{0: 2, 1: 2, 3: 5, 7: 10, 11: 20, 20: 20, 21: 50, 480: 500, 1234: 2000} {
		if got := niceCeil(n); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", n, got, want)
		}
	}
	for n, want := range map[int64]string{900: "900 B", 2048: "2 KB", 1536 << 10: "1,5 MB", 10 << 20: "10 MB"} {
		if got := fileSize("vi", n); got != want {
			t.Errorf("fileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestUploadTooLarge: with the page's script off, a file over the limit
// reaches the server, which says why beside the upload form instead of
// passing it on; a form without a file says so too.
func TestUploadTooLarge(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	form := s.get("/tasks/T1")
	csrf, key := form.hidden(t, "/tasks/T1/attachments", "csrf"), form.hidden(t, "/tasks/T1/attachments", fieldKey)
	send := func(name string, size int) page {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf", csrf)
		_ = mw.WriteField(fieldKey, key)
		fw, _ := mw.CreateFormFile("photo", name)
		_, _ = fw.Write(bytes.Repeat([]byte{0xff}, size))
		_ = mw.Close()
		resp, err := s.http.Post(s.srv.URL+"/tasks/T1/attachments", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, resp)
	}
	for _, size := range []int{maxUpload + 1, uploadBodyLimit + 1} {
		r := send("anh.jpg", size)
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "Tệp quá lớn: tối đa 10 MB mỗi tệp") {
			t.Errorf("%d bytes: %d %s", size, r.status, r.body)
		}
	}
	if r := send("", 0); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Chưa chọn tệp nào để tải lên") {
		t.Errorf("no file: %d", r.status)
	}
	if n := len(s.api.sent(http.MethodPost, "/api/v1/tasks/T1/attachments")); n != 0 {
		t.Errorf("%d uploads reached the API", n)
	}
}

// TestUploadSendsTheFormKey: the upload form's key goes to the API with
// the file, the same key each time the form is sent again (a double tap,
// a retry after a lost answer), so the API stores the file once; a form
// without its key sends nothing.
func TestUploadSendsTheFormKey(t *testing.T) {
	s := newSite(t, Deps{})
	s.login()
	form := s.get("/tasks/T1")
	csrf, key := form.hidden(t, "/tasks/T1/attachments", "csrf"), form.hidden(t, "/tasks/T1/attachments", fieldKey)
	send := func(key string) int {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf", csrf)
		if key != "" {
			_ = mw.WriteField(fieldKey, key)
		}
		fw, _ := mw.CreateFormFile("photo", "anh.png")
		_, _ = fw.Write(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...))
		_ = mw.Close()
		resp, err := s.http.Post(s.srv.URL+"/tasks/T1/attachments", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, resp).status
	}
	if st := send(""); st != http.StatusForbidden {
		t.Fatalf("without its key: %d", st)
	}
	send(key)
	send(key)
	ups := s.api.sent(http.MethodPost, "/api/v1/tasks/T1/attachments")
	if len(ups) != 2 || !keyPattern.MatchString(key) || ups[0].Key != key || ups[1].Key != key {
		t.Fatalf("form key %q; the API got %d uploads: %+v", key, len(ups), ups)
	}
}

func TestFileFieldShowsTheFileName(t *testing.T) {
	tk := task{Form: models.FormSpec{Fields: []models.FormField{{Name: "photo", Type: models.FieldFile}, {Name: "note", Type: models.FieldText}}},
		Data: map[string]any{"photo": "f-0123", "note": "f-0123 is not a file here"}}
	got := nameFiles(tk, []shown{{"Ảnh", "f-0123"}, {"Ghi chú", "f-0123 is not a file here"}}, []attachment{{ID: "f-0123", Filename: "so-sach.jpg"}})
	if got[0].Value != "so-sach.jpg" || got[1].Value != "f-0123 is not a file here" {
		t.Fatalf("shown %v", got)
	}
}
