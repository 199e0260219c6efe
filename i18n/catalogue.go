package i18n

// catalogue holds every user-facing string of the API. Keys are stable;
// clients may rely on them as codes.
var catalogue = map[string]Message{
	// Problem titles, by error code.
	"error.invalid":              {"Dữ liệu không hợp lệ", "Invalid input"},
	"error.not_found":            {"Không tìm thấy", "Not found"},
	"error.conflict":             {"Trạng thái hiện tại không cho phép thao tác này", "The current state does not allow this"},
	"error.unauthorized":         {"Chưa đăng nhập hoặc phiên đã hết hạn", "Not signed in, or the session has expired"},
	"error.forbidden":            {"Bạn không có quyền thực hiện thao tác này", "You are not allowed to do this"},
	"error.rate_limited":         {"Quá nhiều lần thử, vui lòng thử lại sau", "Too many attempts, please try again later"},
	"error.unavailable":          {"Hệ thống tạm thời không sẵn sàng", "The service is temporarily unavailable"},
	"error.internal":             {"Lỗi hệ thống; vui lòng báo mã yêu cầu cho quản trị", "Internal error; please give the request ID to an administrator"},
	"error.bad_json":             {"Nội dung gửi lên không phải JSON hợp lệ", "The request body is not valid JSON"},
	"error.bad_login":            {"Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"},
	"error.idempotency_mismatch": {"Khóa Idempotency-Key đã dùng cho một yêu cầu khác", "This Idempotency-Key was used for a different request"},
	"error.idempotency_required": {"Thiếu tiêu đề Idempotency-Key", "The Idempotency-Key header is missing"},
	"error.route":                {"Không có đường dẫn này", "No such route"},
	"error.method":               {"Phương thức không được hỗ trợ", "Method not allowed"},
	"error.too_large":            {"Tệp quá lớn", "The file is too large"},
	"error.file_type":            {"Loại tệp không được phép", "This file type is not allowed"},
	"error.task_closed":          {"Nhiệm vụ đã kết thúc", "The task is closed"},

	// Task conflicts (workflows/task): why the task's state refuses a command.
	"error.task.draining":        {"Hệ thống đang chuyển nhiệm vụ sang lượt chạy mới; vui lòng thử lại sau giây lát", "The tasks are moving to a new run; please try again in a moment"},
	"error.task.broken":          {"Nhiệm vụ không tạo được trong cơ sở dữ liệu; vui lòng báo quản trị", "The task could not be created in the database; please tell an administrator"},
	"error.task.status":          {"Nhiệm vụ đang ở trạng thái không cho phép thao tác này", "The task's status does not allow this"},
	"error.task.terminal":        {"Nhiệm vụ đã kết thúc, không thể thay đổi", "The task is finished and cannot change"},
	"error.task.content_changed": {"Nội dung đã thay đổi kể từ khi bạn xem", "The content changed since you viewed it"},
	"error.task.claim_first":     {"Hãy nhận nhiệm vụ trước khi nộp", "Claim the task before submitting it"},
	"error.task.not_claimable":   {"Nhiệm vụ này đã giao cho một người, không thể nhận", "This task is assigned to a person and cannot be claimed"},
	"error.task.sign_off":        {"Nhiệm vụ không chờ ký duyệt ở cấp này", "The task is not waiting for a sign-off at this level"},

	// Field validation rules: %s is the parameter of the rule, if any.
	"rule.required":  {"Bắt buộc nhập", "Required"},
	"rule.unknown":   {"Trường không có trong biểu mẫu", "Not a field of this form"},
	"rule.type":      {"Sai kiểu dữ liệu", "Wrong type"},
	"rule.min":       {"Phải lớn hơn hoặc bằng %s", "Must be at least %s"},
	"rule.max":       {"Phải nhỏ hơn hoặc bằng %s", "Must be at most %s"},
	"rule.gt":        {"Phải lớn hơn %s", "Must be greater than %s"},
	"rule.len":       {"Độ dài phải là %s", "Length must be %s"},
	"rule.maxlen":    {"Dài quá %s ký tự", "Longer than %s characters"},
	"rule.oneof":     {"Phải là một trong: %s", "Must be one of: %s"},
	"rule.date":      {"Ngày không hợp lệ (yyyy-mm-dd)", "Not a valid date (yyyy-mm-dd)"},
	"rule.le":        {"Phải nhỏ hơn hoặc bằng trường %s", "Must not exceed field %s"},
	"rule.lt":        {"Phải nhỏ hơn trường %s", "Must be less than field %s"},
	"rule.ge":        {"Phải lớn hơn hoặc bằng trường %s", "Must be at least field %s"},
	"rule.eq":        {"Phải bằng trường %s", "Must equal field %s"},
	"rule.email":     {"Địa chỉ e-mail không hợp lệ", "Not a valid e-mail address"},
	"rule.role":      {"Vai trò không hợp lệ", "Not a valid role"},
	"rule.level":     {"Cấp đơn vị không hợp lệ", "Not a valid unit level"},
	"rule.unit":      {"Đơn vị không tồn tại hoặc ngoài phạm vi", "No such unit within your scope"},
	"rule.user":      {"Người dùng không tồn tại hoặc ngoài phạm vi", "No such user within your scope"},
	"rule.unique":    {"Đã tồn tại", "Already exists"},
	"rule.future":    {"Phải là thời điểm trong tương lai", "Must be in the future"},
	"rule.after":     {"Phải sau hạn hiện tại", "Must be after the current deadline"},
	"rule.password":  {"Mật khẩu phải có ít nhất 8 ký tự", "The password must have at least 8 characters"},
	"rule.username":  {"Tên đăng nhập chỉ gồm chữ thường, số, dấu chấm, gạch ngang, gạch dưới (3–64 ký tự)", "Usernames use lowercase letters, digits, dot, dash, underscore (3–64 characters)"},
	"rule.exclusive": {"Chỉ chọn một trong: %s", "Give exactly one of: %s"},
	"rule.cursor":    {"Con trỏ phân trang không hợp lệ", "Not a valid page cursor"},
	"rule.datetime":  {"Thời điểm không hợp lệ (RFC 3339)", "Not a valid time (RFC 3339)"},

	// More rules: of the task engine, the forms, the calendar and the API.
	"rule.excluded":         {"Thao tác này không nhận trường này", "This command does not take this field"},
	"rule.excluded_with":    {"Không dùng cùng với %s", "Cannot be used together with %s"},
	"rule.required_without": {"Bắt buộc khi không có %s", "Required when %s is not given"},
	"rule.file":             {"Không phải tệp đã tải lên cho nhiệm vụ này", "Not a file uploaded to this task"},
	"rule.format":           {"Sai định dạng", "Wrong format"},
	"rule.priority":         {"Phải là một trong: low, normal, high, urgent", "Must be one of: low, normal, high, urgent"},
	"rule.hexadecimal":      {"Phải là chuỗi thập lục phân", "Must be hexadecimal"},

	// Rules of process templates (package templates).
	"rule.step":         {"Không có bước %s trong mẫu quy trình", "No step %s in this template"},
	"rule.self":         {"Không được trỏ đến chính bước này", "Cannot refer to the step itself"},
	"rule.finer":        {"Phải là bước của cấp dưới cấp %s", "Must be a step of a level below %s"},
	"rule.single":       {"Chỉ một bước được đặt thuộc tính này (đã đặt ở %s)", "Only one step may set this (already set at %s)"},
	"rule.indicator":    {"Không có chỉ số cộng dồn %s", "No summed indicator %s"},
	"rule.calendar_day": {"Ngày này không có trong tháng ở mọi năm", "Not a day of this month in every year"},
	"rule.after_start":  {"Ngày kết thúc phải sau ngày bắt đầu", "The end must be after the start"},

	// Notifications.
	"notify.task.assigned":        {"Nhiệm vụ mới: %s", "New task: %s"},
	"notify.task.reminder":        {"Nhắc việc: %s", "Reminder: %s"},
	"notify.task.overdue":         {"Quá hạn: %s", "Overdue: %s"},
	"notify.task.escalated":       {"Báo cáo quá hạn cần chỉ đạo: %s", "Overdue, needs your direction: %s"},
	"notify.task.returned":        {"Bị trả lại: %s", "Returned: %s"},
	"notify.task.signoff_pending": {"Chờ ký duyệt: %s", "Awaiting your sign-off: %s"},
	"notify.task.completed":       {"Đã hoàn thành: %s", "Completed: %s"},
	"notify.task.extended":        {"Gia hạn: %s", "Deadline extended: %s"},
	"notify.task.cancelled":       {"Đã hủy: %s", "Cancelled: %s"},
	"notify.task.reassigned":      {"Được giao lại: %s", "Reassigned to you: %s"},

	"notify.body": {"%s\n\nMã nhiệm vụ: %s", "%s\n\nTask ID: %s"},

	// Command line.
	"cli.ready":       {"dsflow đang chạy tại %s", "dsflow is running at %s"},
	"cli.demo_logins": {"Tài khoản thử nghiệm (mật khẩu: %s):", "Demo logins (password: %s):"},
	"cli.no_users": {"Chưa có tài khoản nào. Tạo quản trị viên đầu tiên với cùng cấu hình: nhập danh mục đơn vị (dsflow units import DON_VI.csv), rồi chạy dsflow users add --username TEN --password MAT_KHAU --unit MA_DON_VI --role admin",
		"No users yet. Create the first admin with the same settings: import the units (dsflow units import UNITS.csv), then run dsflow users add --username NAME --password PASSWORD --unit UNIT_CODE --role admin"},
}
