package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"dsflow/models"
	"dsflow/testenv"
)

// TestImportUnits: POST /api/v1/units/import takes the CLI's CSV as a body
// or a form's file, all or nothing, every bad line named with its number
// and a message in the caller's language, once per Idempotency-Key; an
// admin below the root imports below their own unit only.
func TestImportUnits(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	root := env.Login(t, adminUser)
	ctx := context.Background()
	exists := func(code string) bool {
		_, err := env.Store.UnitByCodeOrID(ctx, code)
		return models.ErrorCode(err) != models.ENOTFOUND
	}
	csvHeaders := func(extra ...string) []string { return append([]string{"Content-Type", "text/csv"}, extra...) }

	t.Run("a good file is imported whole, once per key", func(t *testing.T) {
		file := "code,name,level,parent_code\nT-HUYEN,Huyện Thử,huyện,01\nT-XA,Xã Thử,xã,T-HUYEN\n"
		r := env.Request(t, http.MethodPost, "/api/v1/units/import", root, file, csvHeaders("Idempotency-Key", "units-1")...)
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "created") != 2 || num(r.JSON, "updated") != 0 {
			t.Fatalf("first import: %s", r.Body)
		}
		again := env.Request(t, http.MethodPost, "/api/v1/units/import", root, file, csvHeaders("Idempotency-Key", "units-1")...)
		wantStatus(t, again, http.StatusOK)
		if again.Header.Get("Idempotent-Replayed") != "true" || num(again.JSON, "created") != 2 {
			t.Fatalf("the retry is not the first answer: %v %s", again.Header, again.Body)
		}
		r = env.Request(t, http.MethodPost, "/api/v1/units/import", root, file, csvHeaders()...)
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "unchanged") != 2 || num(r.JSON, "created") != 0 {
			t.Fatalf("the same file again: %s", r.Body)
		}
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", root, "T-X2,Xã 2,xã,T-HUYEN\n", csvHeaders("Idempotency-Key", "units-1")...),
			http.StatusUnprocessableEntity, "invalid")
		if len(fields) != 0 {
			t.Errorf("a reused key: fields %v", fields)
		}
	})

	t.Run("bad lines are named, in the caller's language, and nothing is saved", func(t *testing.T) {
		file := "code,name,level,parent_code\nT-OK,Xã Tốt,xã,T-HUYEN\nT-BAD,,planet,T-HUYEN\nT-OK,Trùng,xã,T-HUYEN\nT-ORPHAN,Mồ côi,xã,NO-SUCH\n"
		r := env.Request(t, http.MethodPost, "/api/v1/units/import", root, file, csvHeaders("Accept-Language", "en")...)
		fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		for _, want := range []string{"line 3.name:unit_name", "line 3.level:unit_level", "line 4.code:unit_duplicate"} {
			if !contains(fields, want) {
				t.Errorf("fields %v lack %s", fields, want)
			}
		}
		if body := string(r.Body); !strings.Contains(body, "This code is already on line 2") || r.JSON["title"] != "The units file has bad lines; nothing was imported" {
			t.Errorf("English messages: %s", body)
		}
		if exists("T-OK") {
			t.Error("a good line of a refused file was imported")
		}
		// A parent no unit has is found when the lines are placed.
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", root, "T-ORPHAN,Mồ côi,xã,NO-SUCH\n", csvHeaders()...),
			http.StatusUnprocessableEntity, "invalid")
		if !contains(fields, "line 1.parent_code:unit_parent") {
			t.Errorf("orphan: fields %v", fields)
		}
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", root, "code,name,level,parent_code\n", csvHeaders()...),
			http.StatusUnprocessableEntity, "invalid")
		if !contains(fields, "file:required") {
			t.Errorf("empty file: fields %v", fields)
		}
		big := "code,name,level,parent_code\n" + strings.Repeat("T-BIG,Xã rất dài,xã,T-HUYEN\n", 1<<20/26+1)
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", root, big, csvHeaders()...), http.StatusUnprocessableEntity, "invalid")
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", root, map[string]any{"units": "x"}), http.StatusUnprocessableEntity, "invalid")
		if !contains(fields, "Content-Type:oneof") {
			t.Errorf("JSON body: fields %v", fields)
		}
	})

	t.Run("a form's file part is read too", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, err := mw.CreateFormFile("file", "units.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte("\ufeffT-XA2,Xã Thử Hai,xã,T-HUYEN\n"))
		_ = mw.Close()
		r := env.Request(t, http.MethodPost, "/api/v1/units/import", root, body.Bytes(), "Content-Type", mw.FormDataContentType())
		wantStatus(t, r, http.StatusOK)
		if num(r.JSON, "created") != 1 || !exists("T-XA2") {
			t.Fatalf("multipart import: %s", r.Body)
		}
	})

	t.Run("only an admin imports", func(t *testing.T) {
		checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", env.Login(t, secretaryLB), "T-S,Xã S,xã,DEMO-LONGBIEN\n", csvHeaders()...),
			http.StatusForbidden, "forbidden")
	})

	t.Run("a province admin imports below their own unit only", func(t *testing.T) {
		haNoi := env.UnitID(t, "01")
		wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/users", root,
			map[string]any{"username": "admin.hanoi", "password": "mật-khẩu-dài", "unit_id": haNoi, "roles": []string{"admin"}}), http.StatusCreated)
		province := env.Relogin(t, "admin.hanoi", "mật-khẩu-dài")

		r := env.Request(t, http.MethodPost, "/api/v1/units/import", province, "T-LB1,Phường Thử Long Biên,phường,"+unitLongBien+"\n", csvHeaders()...)
		wantStatus(t, r, http.StatusOK)
		if !exists("T-LB1") {
			t.Fatal("an import below the province was not saved")
		}
		file := strings.Join([]string{
			"code,name,level,parent_code",
			"T-LB2,Phường Hợp Lệ,phường," + unitLongBien, // fine on its own
			"T-HCM1,Phường Khác Tỉnh,phường,79",          // under another province
			"38,Thanh Hóa đổi tên,tỉnh,",                 // another province itself
			"01,Hà Nội đổi tên,tỉnh,",                    // the admin's own unit
			"T-TOP,Tỉnh Mới,tỉnh,",                       // a new top of the tree
			"T-CHILD,Xã Con,xã,T-TOP",                    // below a refused line: refused with it
		}, "\n")
		fields := checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", province, file, csvHeaders()...), http.StatusUnprocessableEntity, "invalid")
		for _, want := range []string{"line 3.parent_code:unit_parent_outside", "line 4.code:unit_outside", "line 5.code:unit_outside", "line 6.parent_code:unit_root"} {
			if !contains(fields, want) {
				t.Errorf("fields %v lack %s", fields, want)
			}
		}
		if hasField(fields, "line 2.parent_code", "") || hasField(fields, "line 7.parent_code", "") {
			t.Errorf("fields %v name a line inside the province", fields)
		}
		if exists("T-LB2") || exists("T-HCM1") || exists("T-TOP") {
			t.Error("a refused file was partly imported")
		}
		if u, err := env.Store.UnitByCodeOrID(ctx, "38"); err != nil || strings.Contains(u.Name, "đổi tên") {
			t.Errorf("another province was renamed: %v %v", u, err)
		}
		// Moving a unit of the province under another province is refused
		// too: its new parent is outside.
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/units/import", province, "T-LB1,Phường Thử Long Biên,phường,79\n", csvHeaders()...),
			http.StatusUnprocessableEntity, "invalid")
		if !contains(fields, "line 1.parent_code:unit_parent_outside") {
			t.Errorf("a move out of the province: fields %v", fields)
		}
		// The root admin adds a province beside it, under the root.
		wantStatus(t, env.Request(t, http.MethodPost, "/api/v1/units/import", root, "T-TOP,Tỉnh Mới,tỉnh,VN\n", csvHeaders()...), http.StatusOK)
	})
}
