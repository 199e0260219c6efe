package i18n

// webCatalogue holds the strings of the web pages (package web). They join
// the catalogue at start; a key defined twice is a programming error.
var webCatalogue = map[string]Message{
	// Frame of every page.
	"web.app":          {"dsflow – Dân số KHHGĐ", "dsflow – Population & family planning"},
	"web.skip":         {"Bỏ qua, đến nội dung chính", "Skip to the main content"},
	"web.nav":          {"Điều hướng chính", "Main navigation"},
	"web.nav.tasks":    {"Việc của tôi", "My tasks"},
	"web.nav.signoffs": {"Chờ duyệt", "Sign-offs"},
	"web.nav.overdue":  {"Quá hạn", "Overdue"},
	"web.logout":       {"Đăng xuất", "Sign out"},
	"web.lang.switch":  {"English", "Tiếng Việt"},
	"web.lang.label":   {"Ngôn ngữ", "Language"},
	"web.signed_in":    {"Đang đăng nhập: %s", "Signed in as %s"},
	"web.not_found":    {"Không có trang này", "No such page"},
	"web.home":         {"Về trang đầu", "Back to the start"},
	"web.csrf":         {"Biểu mẫu đã hết hạn hoặc không hợp lệ; vui lòng thử lại", "The form has expired or is not valid; please try again"},
	"web.request_id":   {"Mã yêu cầu: %s", "Request ID: %s"},

	// Login.
	"web.login.title":    {"Đăng nhập", "Sign in"},
	"web.login.username": {"Tên đăng nhập", "Username"},
	"web.login.password": {"Mật khẩu", "Password"},
	"web.login.submit":   {"Đăng nhập", "Sign in"},
	"web.login.expired":  {"Phiên làm việc đã hết hạn; vui lòng đăng nhập lại", "Your session has expired; please sign in again"},
	"web.logged_out":     {"Bạn đã đăng xuất", "You have signed out"},

	// My tasks.
	"web.tasks.title":       {"Việc của tôi", "My tasks"},
	"web.tasks.empty":       {"Không có việc nào", "Nothing to do"},
	"web.tasks.filter":      {"Lọc", "Filter"},
	"web.tasks.apply":       {"Áp dụng", "Apply"},
	"web.tasks.search":      {"Tìm theo tên việc", "Search by title"},
	"web.tasks.show":        {"Hiển thị", "Show"},
	"web.tasks.show.todo":   {"Cần làm", "To do"},
	"web.tasks.show.wait":   {"Đang chờ duyệt", "Waiting for sign-off"},
	"web.tasks.show.closed": {"Đã xong", "Finished"},
	"web.tasks.show.all":    {"Tất cả", "All"},
	"web.tasks.whose":       {"Của ai", "Whose"},
	"web.tasks.whose.me":    {"Của tôi và việc đơn vị chờ nhận", "Mine, and my unit's to claim"},
	"web.tasks.whose.unit":  {"Cả đơn vị (và cấp dưới)", "My whole unit (and below)"},
	"web.tasks.overdue":     {"Chỉ việc quá hạn", "Overdue only"},
	"web.tasks.process":     {"Loại công việc", "Kind of work"},
	"web.tasks.any":         {"Tất cả", "Any"},
	"web.tasks.more":        {"Xem thêm", "More"},
	"web.tasks.to_claim":    {"Chờ nhận", "To claim"},
	"web.tasks.count":       {"%d việc, %d quá hạn", "%d tasks, %d overdue"},

	// Due dates in words.
	"web.due.today":        {"hết hạn hôm nay", "due today"},
	"web.due.tomorrow":     {"hết hạn ngày mai", "due tomorrow"},
	"web.due.left":         {"còn %d ngày", "%d days left"},
	"web.due.overdue":      {"quá hạn %d ngày", "%d days overdue"},
	"web.due.overdue_less": {"quá hạn", "overdue"},
	"web.due.on":           {"Hạn: %s", "Due: %s"},
	"web.overdue_badge":    {"Quá hạn", "Overdue"},

	// Statuses and processes.
	"web.status.open":         {"Chưa nhận", "Open"},
	"web.status.claimed":      {"Đang làm", "In progress"},
	"web.status.submitted":    {"Chờ duyệt", "Awaiting sign-off"},
	"web.status.returned":     {"Bị trả lại", "Returned"},
	"web.status.approved":     {"Đã duyệt", "Approved"},
	"web.status.done":         {"Hoàn thành", "Done"},
	"web.status.cancelled":    {"Đã hủy", "Cancelled"},
	"web.process.adhoc":       {"Việc giao", "Ad-hoc task"},
	"web.process.campaign":    {"Chiến dịch", "Campaign"},
	"web.process.briefing":    {"Giao ban", "Briefing"},
	"web.process.inspection":  {"Kiểm tra", "Inspection"},
	"web.process.screening":   {"Sàng lọc", "Screening"},
	"web.process.annual_plan": {"Kế hoạch năm", "Annual plan"},
	"web.process.review":      {"Sơ kết, tổng kết", "Review"},
	"web.process.data_update": {"Cập nhật dữ liệu", "Data update"},

	// A task's page.
	"web.task.instructions":   {"Hướng dẫn", "Instructions"},
	"web.task.status":         {"Trạng thái", "Status"},
	"web.task.due":            {"Hạn", "Due"},
	"web.task.priority":       {"Mức ưu tiên", "Priority"},
	"web.task.form":           {"Nội dung báo cáo", "Report"},
	"web.task.submitted_data": {"Nội dung đã nộp", "What was submitted"},
	"web.task.no_form":        {"Nhiệm vụ này không có biểu mẫu", "This task has no form"},
	"web.task.claim":          {"Nhận việc", "Claim"},
	"web.task.claim_hint":     {"Việc này giao cho vai trò của bạn ở đơn vị; hãy nhận trước khi làm", "This task is for your role at your unit; claim it before you work on it"},
	"web.task.submit":         {"Nộp", "Submit"},
	"web.task.return_reason":  {"Lý do trả lại: %s", "Returned because: %s"},
	"web.task.comment":        {"Ý kiến", "Comment"},
	"web.task.comment_send":   {"Gửi ý kiến", "Send comment"},
	"web.task.history":        {"Lịch sử", "History"},
	"web.task.decide":         {"Ký duyệt", "Sign-off"},
	"web.task.approve":        {"Duyệt", "Approve"},
	"web.task.approve_note":   {"Ý kiến khi duyệt (không bắt buộc)", "Comment with the approval (optional)"},
	"web.task.return":         {"Trả lại", "Return"},
	"web.task.reason":         {"Lý do trả lại", "Reason for returning"},
	"web.task.yes":            {"Có", "Yes"},
	"web.task.no":             {"Không", "No"},
	"web.task.choose":         {"– Chọn –", "– Choose –"},
	"web.task.required":       {"(bắt buộc)", "(required)"},
	"web.task.unit":           {"Đơn vị tính: %s", "Unit: %s"},
	"web.task.file_later":     {"Tệp đính kèm sẽ có ở bản sau; hiện chỉ nhập được qua API", "Files come in a later version; for now only through the API"},
	"web.task.back":           {"Quay lại danh sách", "Back to the list"},
	"web.task.fix":            {"Vui lòng sửa các ô được đánh dấu", "Please correct the marked fields"},
	"web.task.by":             {"người dùng #%d", "user #%d"},

	// Outcomes of a command, shown once after it.
	"web.done.claim":   {"Đã nhận việc", "Claimed"},
	"web.done.submit":  {"Đã nộp", "Submitted"},
	"web.done.approve": {"Đã duyệt", "Approved"},
	"web.done.return":  {"Đã trả lại", "Returned"},
	"web.done.comment": {"Đã gửi ý kiến", "Comment sent"},

	// History events.
	"web.event.created":    {"Tạo việc", "Created"},
	"web.event.claimed":    {"Nhận việc", "Claimed"},
	"web.event.unclaimed":  {"Trả việc chưa làm", "Unclaimed"},
	"web.event.submitted":  {"Nộp", "Submitted"},
	"web.event.returned":   {"Trả lại", "Returned"},
	"web.event.approved":   {"Duyệt", "Approved"},
	"web.event.commented":  {"Ý kiến", "Comment"},
	"web.event.reassigned": {"Giao lại", "Reassigned"},
	"web.event.extended":   {"Gia hạn", "Extended"},
	"web.event.cancelled":  {"Hủy", "Cancelled"},
	"web.event.escalated":  {"Báo cấp trên", "Escalated"},
	"web.event.reminded":   {"Nhắc việc", "Reminder sent"},
	"web.event.overdue":    {"Quá hạn", "Became overdue"},

	// Sign-offs.
	"web.signoffs.title": {"Chờ duyệt", "Awaiting my sign-off"},
	"web.signoffs.empty": {"Không có việc nào chờ bạn duyệt", "Nothing waits for your sign-off"},
	"web.signoffs.open":  {"Xem nội dung", "Open"},
	"web.signoffs.level": {"Cấp duyệt %d/%d", "Sign-off level %d of %d"},

	// Overdue.
	"web.overdue.title":    {"Việc quá hạn", "Overdue work"},
	"web.overdue.in":       {"Quá hạn trong %s", "Overdue in %s"},
	"web.overdue.total":    {"Tổng số quá hạn", "Overdue in all"},
	"web.overdue.unit":     {"Đơn vị", "Unit"},
	"web.overdue.count":    {"Số việc", "Tasks"},
	"web.overdue.own":      {"Việc của chính đơn vị", "The unit's own tasks"},
	"web.overdue.below":    {"Các đơn vị trực thuộc", "Units below"},
	"web.overdue.none":     {"Không có việc quá hạn", "Nothing is overdue"},
	"web.overdue.by_age":   {"Theo số ngày quá hạn", "By days overdue"},
	"web.overdue.by_proc":  {"Theo loại công việc", "By kind of work"},
	"web.overdue.tasks":    {"Các việc quá hạn lâu nhất", "Longest overdue tasks"},
	"web.overdue.age":      {"%s ngày", "%s days"},
	"web.overdue.up":       {"Lên đơn vị cấp trên", "Up to the unit above"},
	"web.overdue.mine":     {"Về đơn vị của tôi", "Back to my unit"},
	"web.overdue.csv":      {"Tải CSV", "Download CSV"},
	"web.priority.low":     {"Thấp", "Low"},
	"web.priority.normal":  {"Bình thường", "Normal"},
	"web.priority.high":    {"Cao", "High"},
	"web.priority.urgent":  {"Khẩn", "Urgent"},
	"web.field.error":      {"Lỗi: %s", "Error: %s"},
	"web.error.forbidden":  {"Bạn không có quyền xem trang này", "You may not see this page"},
	"web.error.try_again":  {"Không gửi được; vui lòng thử lại (thao tác sẽ không bị lặp)", "It did not go through; please try again (it will not be applied twice)"},
	"web.error.generic":    {"Có lỗi xảy ra", "Something went wrong"},
	"web.error.page_title": {"Lỗi", "Error"},
}

func init() {
	for k, m := range webCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is defined twice")
		}
		catalogue[k] = m
	}
}
