package i18n

// webTasksCatalogue holds the strings of the everyday pages' additions
// (package web): a task's files, its draft, bulk sign-off, the overdue
// chart and exports, My tasks' saved filters.
var webTasksCatalogue = map[string]Message{
	// A task's files.
	"web.files.title":      {"Tệp đính kèm", "Attachments"},
	"web.files.empty":      {"Chưa có tệp nào", "No files yet"},
	"web.files.not_sent":   {"chưa gửi kèm", "not sent yet"},
	"web.files.photo":      {"Chụp ảnh bằng máy", "Take a photo"},
	"web.files.file":       {"Hoặc chọn tệp", "Or choose a file"},
	"web.files.hint":       {"Ảnh, PDF, Word, Excel, CSV hoặc ZIP; tối đa %d MB mỗi tệp", "A photo, PDF, Word, Excel, CSV or ZIP file; at most %d MB each"},
	"web.files.upload":     {"Tải lên", "Upload"},
	"web.files.none":       {"Chưa chọn tệp nào để tải lên", "No file was chosen"},
	"web.files.too_large":  {"Tệp quá lớn: tối đa %d MB mỗi tệp. Hãy chụp ảnh nhỏ hơn hoặc nén tệp lại", "The file is too large: at most %d MB each. Take a smaller photo or compress the file"},
	"web.files.choose":     {"– Chọn tệp đã tải lên –", "– Choose an uploaded file –"},
	"web.files.field_hint": {"Tải tệp lên ở mục Tệp đính kèm bên dưới, rồi chọn ở đây", "Upload the file under Attachments below, then choose it here"},
	"web.files.send_with":  {"Gửi kèm các tệp", "Send these files with it"},
	"web.done.upload":      {"Đã tải tệp lên", "File uploaded"},

	// A task form's draft kept in the browser.
	"web.draft.restored": {"Đã khôi phục bản nháp chưa gửi", "An unsent draft was restored"},

	// Bulk sign-off.
	"web.signoffs.bulk":        {"Duyệt các việc đã chọn", "Approve the ticked tasks"},
	"web.signoffs.bulk_hint":   {"Đánh dấu các việc ở trên để duyệt cùng lúc; mỗi việc được duyệt riêng và báo kết quả riêng", "Tick tasks above to approve them together; each is approved on its own and reports its own result"},
	"web.signoffs.pick":        {"Chọn để duyệt cùng lúc", "Tick to approve with others"},
	"web.signoffs.results":     {"Kết quả duyệt", "What was approved"},
	"web.signoffs.none_ticked": {"Chưa chọn việc nào", "No task was ticked"},
	"web.signoffs.too_many":    {"Mỗi lần duyệt tối đa %d việc", "At most %d tasks at a time"},
	"web.signoffs.why.level":   {"Cấp duyệt này không phải của bạn; mở việc để xem", "This sign-off level is not yours; open the task"},
	"web.signoffs.why.own":     {"Bạn đã làm việc này nên không tự duyệt được", "You did this work, so you cannot sign it off"},
	"web.signoffs.why.decided": {"Bạn đã duyệt một cấp của lần nộp này", "You already decided a level of this submission"},

	// Overdue: the chart and the exports.
	"web.overdue.chart":       {"Số việc quá hạn 30 ngày qua", "Overdue tasks over the last 30 days"},
	"web.overdue.chart_desc":  {"Cuối mỗi ngày; hôm nay: %d, cao nhất: %d (%s)", "At the end of each day; today: %d, highest: %d (%s)"},
	"web.overdue.chart_table": {"Xem số liệu từng ngày", "See each day's figure"},
	"web.overdue.day":         {"Ngày", "Day"},
	"web.overdue.export_xlsx": {"Xuất Excel (XLSX)", "Export to Excel (XLSX)"},
	"web.overdue.export_csv":  {"Xuất CSV", "Export to CSV"},
	"web.overdue.col.no":      {"STT", "No."},
	"web.overdue.col.title":   {"Tên việc", "Task"},
	"web.overdue.col.unit":    {"Đơn vị", "Unit"},
	"web.overdue.col.process": {"Loại công việc", "Kind of work"},
	"web.overdue.col.status":  {"Trạng thái", "Status"},
	"web.overdue.col.due":     {"Hạn", "Due"},
	"web.overdue.col.days":    {"Số ngày quá hạn", "Days overdue"},
	"web.overdue.col.id":      {"Mã việc", "Task ID"},

	// My tasks' saved filters.
	"web.filters.hint":    {"Lưu bộ lọc đang áp dụng để lần sau mở Việc của tôi là thấy ngay, trên mọi máy", "Save the filters applied now: My tasks opens with them next time, on any device"},
	"web.filters.save":    {"Lưu bộ lọc này", "Save these filters"},
	"web.filters.clear":   {"Xoá bộ lọc đã lưu", "Clear the saved filters"},
	"web.filters.saved":   {"Đã lưu bộ lọc", "Filters saved"},
	"web.filters.cleared": {"Đã xoá bộ lọc đã lưu", "Saved filters cleared"},
	"web.filters.using":   {"Đang dùng bộ lọc đã lưu", "Showing your saved filters"},

	// Long lists: paging and lists cut short.
	"web.pager.label":       {"Chuyển trang", "Pages"},
	"web.pager.rows":        {"Dòng %d–%d", "Rows %d–%d"},
	"web.pager.prev":        {"← Trang trước", "← Previous page"},
	"web.pager.next":        {"Trang sau →", "Next page →"},
	"web.units.capped":      {"Danh sách chỉ hiện %d đơn vị đầu tiên mỗi cấp", "Only the first %d units of each level are listed"},
	"web.units.tree_capped": {"Cây chỉ hiện %d đơn vị đầu tiên mỗi cấp; chọn một đơn vị để xem tất cả các đơn vị trực thuộc", "The tree shows only the first %d units of each level; choose a unit to see all the units under it"},

	// A form's unit picker over a large subtree (web/unitpicker.go).
	"web.picker.search":       {"Tìm xã/phường theo tên hoặc mã", "Find a commune by name or code"},
	"web.picker.find":         {"Tìm", "Find"},
	"web.picker.how":          {"Các đơn vị cấp trên xã có sẵn trong danh sách; xã/phường thì tìm theo tên hoặc mã", "The units above the communes are in the list; find a commune by its name or code"},
	"web.picker.none":         {"Không có xã/phường nào khớp “%s”", "No commune matches “%s”"},
	"web.picker.found":        {"Tìm thấy %d xã/phường; hãy chọn trong danh sách", "%d communes found; choose in the list"},
	"web.picker.found_it":     {"Đã chọn xã/phường tìm thấy", "The commune found is chosen"},
	"web.picker.found_picked": {"Tìm thấy %d xã/phường; đã chọn xã đầu tiên, có thể chọn xã khác trong danh sách", "%d communes found; the first is chosen, another may be chosen in the list"},
	"web.picker.more":         {"Hơn %d xã/phường khớp, danh sách chỉ hiện chừng ấy; gõ thêm tên để thu hẹp", "More than %d communes match and only so many are listed; type more of the name to narrow them"},
	"web.picker.too_long":     {"Từ tìm dài quá: tối đa 100 ký tự", "The search is too long: at most 100 characters"},
	"web.picker.chosen":       {"Đang chọn", "Chosen"},
	"web.picker.matches":      {"Kết quả tìm “%s”", "Found for “%s”"},
	"web.picker.levels":       {"Các đơn vị cấp trên xã", "The units above the communes"},
}

func init() {
	for k, m := range webTasksCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is defined twice")
		}
		catalogue[k] = m
	}
}
