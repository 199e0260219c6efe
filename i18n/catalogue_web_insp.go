package i18n

// webInspCatalogue holds the strings of the inspection and screening pages
// added with the plan, findings, verification, transfer, access log, data
// subjects and targets (package web).
var webInspCatalogue = map[string]Message{
	// Planning an inspection.
	"web.plan.title":          {"Lập kế hoạch kiểm tra", "Plan an inspection"},
	"web.plan.name":           {"Tên cuộc kiểm tra", "Name of the inspection"},
	"web.plan.checklist":      {"Bảng kiểm", "Checklist"},
	"web.plan.units":          {"Đơn vị được kiểm tra", "Units to inspect"},
	"web.plan.units_required": {"Chọn ít nhất một đơn vị được kiểm tra", "Choose at least one unit to inspect"},
	"web.plan.no_units":       {"Không có đơn vị nào dưới đơn vị của bạn", "No units below yours"},
	"web.plan.lead":           {"Trưởng đoàn", "Team lead"},
	"web.plan.members":        {"Thành viên đoàn", "Team members"},
	"web.plan.members_hint":   {"Mỗi thành viên điền một bảng kiểm cho mỗi đơn vị", "Each member fills in a checklist for each unit"},
	"web.plan.submit":         {"Lập kế hoạch", "Plan"},

	// The inspection's page: findings, signature, verification.
	"web.inspection.done.plan":           {"Đã lập kế hoạch kiểm tra; đoàn đã được thông báo", "The inspection is planned; the team has been told"},
	"web.inspection.done.finding":        {"Đã ghi tồn tại, hạn chế", "The finding is recorded"},
	"web.inspection.done.sign":           {"Đã ký biên bản; các đơn vị đã nhận nhiệm vụ khắc phục", "The minutes are signed; the units have their remediation tasks"},
	"web.inspection.done.approve":        {"Đã xác nhận kết quả khắc phục", "The remediation is verified"},
	"web.inspection.done.return":         {"Đã trả lại để đơn vị khắc phục tiếp", "Returned to the unit to remediate further"},
	"web.inspection.add_finding":         {"Ghi tồn tại, hạn chế", "Add a finding"},
	"web.inspection.item":                {"Mục của bảng kiểm", "Checklist item"},
	"web.inspection.no_item":             {"Không gắn với mục nào", "Not linked to an item"},
	"web.inspection.severity":            {"Mức độ", "Severity"},
	"web.inspection.description":         {"Nội dung tồn tại và yêu cầu khắc phục", "The finding and the remediation asked"},
	"web.inspection.due_days":            {"Thời hạn khắc phục (ngày)", "Days to remediate"},
	"web.inspection.due_working_days":    {"Hạn: %d ngày làm việc sau khi ký", "Due %d working days after signing"},
	"web.inspection.due_days_after":      {"Hạn: %d ngày sau khi ký", "Due %d days after signing"},
	"web.inspection.due_days_hint":       {"Tính từ ngày ký biên bản", "Counted from the signing of the minutes"},
	"web.inspection.working_days":        {"Tính theo ngày làm việc", "Count working days"},
	"web.inspection.sign":                {"Ký biên bản", "Sign the minutes"},
	"web.inspection.sign_hint":           {"Sau khi ký, bảng kiểm và tồn tại không sửa được nữa; mỗi tồn tại thành một nhiệm vụ khắc phục của đơn vị.", "Once signed, the checklists and findings are final; each finding becomes a remediation task for its unit."},
	"web.inspection.sign_confirm":        {"Tôi đã xem lại bảng kiểm và tồn tại, đồng ý ký", "I have reviewed the checklists and findings and sign"},
	"web.inspection.sign_confirm_needed": {"Hãy đánh dấu xác nhận trước khi ký", "Tick the confirmation before signing"},
	"web.inspection.verify":              {"Kết quả khắc phục chờ xác nhận", "Remediations to verify"},
	"web.inspection.verify_ok":           {"Xác nhận đã khắc phục", "Verify the remediation"},
	"web.inspection.verify_return":       {"Chưa đạt, trả lại", "Not done: return"},
	"web.inspection.return_reason":       {"Lý do trả lại", "Why it is returned"},
	"web.inspection.evidence_n":          {"Minh chứng %d", "Evidence %d"},
	// Moving a case to another commune.
	"web.transfer.title":           {"Chuyển nơi theo dõi", "Move the case"},
	"web.transfer.hint":            {"Người được sàng lọc chuyển đến xã/phường khác: trạm y tế nơi đó tiếp nhận bước đang theo dõi.", "The person moved to another commune: its health station takes over the step under way."},
	"web.transfer.search":          {"Tìm xã/phường chuyển đến", "Find the commune moved to"},
	"web.transfer.find":            {"Tìm", "Find"},
	"web.transfer.none":            {"Không tìm thấy xã/phường nào", "No commune found"},
	"web.transfer.search_short":    {"Hãy gõ ít nhất 2 chữ của tên xã/phường", "Type at least 2 letters of the commune's name"},
	"web.transfer.to":              {"Chuyển đến", "Move to"},
	"web.transfer.pick":            {"Hãy chọn xã/phường chuyển đến", "Choose the commune moved to"},
	"web.transfer.reason":          {"Lý do chuyển", "Why the case moves"},
	"web.transfer.reason_required": {"Hãy ghi lý do chuyển", "Give the reason"},
	"web.transfer.warn":            {"Sau khi chuyển, hồ sơ thuộc trạm y tế nơi đến và không còn trong danh sách của bạn.", "Once moved, the case belongs to the station it moved to and leaves your list."},
	"web.transfer.submit":          {"Chuyển hồ sơ", "Move the case"},
	"web.transfer.done":            {"Đã chuyển hồ sơ %s", "Case %s moved"},

	// A data subject's requests.
	"web.subject.title":           {"Yêu cầu của người được sàng lọc", "Data subjects' requests"},
	"web.subject.hint":            {"Người được sàng lọc có quyền xem, sửa và yêu cầu xoá thông tin cá nhân của mình. Tìm hồ sơ theo số điện thoại; mỗi lần xem được ghi lại.", "A person screened may see, correct and ask to erase their personal data. Find their cases by phone number; every view is logged."},
	"web.subject.purpose":         {"Lý do (ghi vào nhật ký truy cập)", "Purpose (written to the access log)"},
	"web.subject.confirm_export":  {"Người có số điện thoại này đã trực tiếp yêu cầu và đã được xác minh", "The person with this phone number asked in person and was verified"},
	"web.subject.confirm_needed":  {"Hãy đánh dấu xác nhận trước khi thực hiện", "Tick the confirmation first"},
	"web.subject.find":            {"Tìm và xem hồ sơ", "Find and show the cases"},
	"web.subject.found":           {"Tìm thấy %d hồ sơ", "%d cases found"},
	"web.subject.correct":         {"Sửa thông tin cá nhân", "Correct the personal data"},
	"web.subject.correct_hint":    {"Theo yêu cầu của người được sàng lọc. Nhật ký ghi tên trường đã sửa, không ghi nội dung.", "At the person's request. The audit names the fields changed, never their values."},
	"web.subject.f.full_name":     {"Họ và tên", "Full name"},
	"web.subject.f.date_of_birth": {"Ngày sinh (dd/mm/yyyy)", "Date of birth (dd/mm/yyyy)"},
	"web.subject.f.phone":         {"Số điện thoại", "Phone"},
	"web.subject.f.address":       {"Địa chỉ", "Address"},
	"web.subject.f.guardian_name": {"Mẹ hoặc người giám hộ", "Mother or guardian"},
	"web.subject.confirm_correct": {"Người được sàng lọc đã yêu cầu sửa như trên", "The person asked for this correction"},
	"web.subject.corrected":       {"Đã sửa thông tin cá nhân", "The personal data is corrected"},
	"web.subject.erase":           {"Xoá thông tin cá nhân", "Erase the personal data"},
	"web.subject.erase_hint":      {"Xoá họ tên, ngày sinh, số điện thoại, địa chỉ và ghi chép các bước; không khôi phục được. Hồ sơ ẩn danh vẫn được tính vào tỷ lệ sàng lọc.", "Erases the name, date of birth, phone, address and what the steps recorded; it cannot be undone. The pseudonymous case still counts in the coverage."},
	"web.subject.confirm_erase":   {"Người được sàng lọc đã yêu cầu xoá; tôi hiểu việc này không khôi phục được", "The person asked for erasure; I understand it cannot be undone"},
	"web.subject.erased":          {"Đã xoá thông tin cá nhân của hồ sơ", "The case's personal data is erased"},

	// The access log.
	"web.nav.access_log": {"Nhật ký truy cập", "Access log"},
	"web.access.title":   {"Nhật ký xem thông tin cá nhân", "Personal data access log"},
	"web.access.case":    {"Mã hồ sơ", "Case"},
	"web.access.empty":   {"Chưa có lần xem nào", "No views logged"},
	"web.access.at":      {"Thời điểm", "When"},
	"web.access.reader":  {"Người xem", "Reader"},
	"web.access.purpose": {"Lý do", "Purpose"},

	// Coverage targets.
	"web.targets.title":       {"Chỉ tiêu sàng lọc", "Screening targets"},
	"web.targets.entry":       {"Chỉ tiêu %s năm %s", "%s targets for %s"},
	"web.targets.hint":        {"Chỉ tiêu là tỷ lệ phần trăm cần đạt; mẫu số là số thai phụ (trước sinh) hoặc trẻ sinh ra (sơ sinh) dự kiến. Bấm tên đơn vị để nhập cho các đơn vị cấp dưới.", "The target is the percentage to reach; the denominator the expected pregnancies (prenatal) or births (newborn). Open a unit to enter the units below it."},
	"web.targets.target":      {"Chỉ tiêu (%)", "Target (%)"},
	"web.targets.denominator": {"Mẫu số", "Denominator"},
	"web.targets.save":        {"Lưu chỉ tiêu", "Save the targets"},
	"web.targets.saved":       {"Đã lưu chỉ tiêu", "The targets are saved"},
	"web.targets.import":      {"Nhập từ tệp CSV", "Import a CSV file"},
	"web.targets.import_hint": {"Mỗi dòng: mã đơn vị, năm, loại (prenatal/newborn), chỉ tiêu, mẫu số; dòng đầu là tiêu đề. Có dòng lỗi thì không dòng nào được lưu.", "Each line: unit code, year, type (prenatal/newborn), target, denominator; a header line first. If any line is wrong, none is saved."},
	"web.targets.file":        {"Tệp CSV", "CSV file"},
	"web.targets.paste":       {"Hoặc dán nội dung CSV", "Or paste the CSV"},
	"web.targets.line":        {"Dòng %s", "Line %s"},
	"web.targets.imported":    {"Đã nhập %s dòng chỉ tiêu", "%s target lines imported"},
	// Deleting a briefing cycle.
	"web.briefings.delete":                {"Xoá chu kỳ giao ban", "Delete the cycle"},
	"web.briefings.delete_confirm":        {"Không phát động thêm kỳ nào nữa (các kỳ đã phát động vẫn tiếp tục); không khôi phục được", "No further periods are launched (those launched go on); it cannot be undone"},
	"web.briefings.delete_confirm_needed": {"Hãy đánh dấu xác nhận trước khi xoá", "Tick the confirmation before deleting"},
	"web.briefings.done.delete":           {"Đã xoá chu kỳ giao ban", "The cycle is deleted"},
	// Evidence photos on a checklist.
	"web.checklist.photo":         {"Chụp hoặc chọn ảnh minh chứng", "Take or choose evidence photos"},
	"web.checklist.photo_refused": {"Đã lưu câu trả lời, nhưng có ảnh không tải lên được: chụp hoặc chọn lại", "The answers are saved, but a photo could not be uploaded: take or choose it again"},
}

func init() {
	for k, m := range webInspCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is defined twice")
		}
		catalogue[k] = m
	}
}
