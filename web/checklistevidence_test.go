package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"
)

// TestChecklistEvidence: a photo taken for an evidence item goes to the
// inspector's checklist task and into the item's answer; one the API
// refuses is named beside its item, the rest saved.
func TestChecklistEvidence(t *testing.T) {
	s := newSite(t, Deps{})
	s.api.roles = []string{"inspector"}
	s.login()
	two := s.get(sheetPage + "?s=2")
	post := func(filename string) page {
		t.Helper()
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for _, name := range []string{"csrf", "save_id", "version", fieldKey, "s"} {
			_ = mw.WriteField(name, two.hidden(t, sheetPage, name))
		}
		_ = mw.WriteField("go", "save")
		_ = mw.WriteField("a_rating", "Tốt")
		fw, _ := mw.CreateFormFile("e_photos", filename)
		_, _ = fw.Write(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...))
		_ = mw.Close()
		resp, err := s.http.Post(s.srv.URL+sheetPage, mw.FormDataContentType(), &b)
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, resp)
	}
	r := post("so-sach.png")
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d %s", r.status, r.body)
	}
	puts := s.api.sent(http.MethodPut, "/api/v1/inspections/I1/checklists/7")
	photos, _ := puts[len(puts)-1].Body["answers"].(map[string]any)["photos"].(map[string]any)
	if files, _ := photos["files"].([]any); len(files) != 1 || files[0] != "f-photo" {
		t.Fatalf("the evidence item's answer: %v", photos)
	}
	ups := s.api.sent(http.MethodPost, "/api/v1/tasks/CL1/attachments")
	if len(ups) != 1 {
		t.Fatalf("%d uploads", len(ups))
	}
	// The photo's key derives from the save: the same save sent again
	// stores it once.
	if want := derivedKey("evidence", two.hidden(t, sheetPage, "save_id"), "photos", "0"); ups[0].Key != want {
		t.Fatalf("the photo's Idempotency-Key %q, want %q", ups[0].Key, want)
	}
	s.get(sheetPage+"?s=2").has(t, "attached", "Đã có 1 tệp.")

	two = s.get(sheetPage + "?s=2")
	r = post("virus.exe")
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("%d", r.status)
	}
	r.has(t, "refused", `<p class="err" id="a_photos-err">virus.exe: Loại tệp không được nhận</p>`, "Đã lưu câu trả lời, nhưng có ảnh không tải lên được", "Đã có 1 tệp.")
}
