package i18n

// unitsCatalogue holds the API's words for an import of units
// (POST /api/v1/units/import): the problem's title and one rule for each
// kind of bad line (unitcsv's rules, prefixed "unit_").
var unitsCatalogue = map[string]Message{
	"error.units_import": {"Tệp đơn vị có dòng sai; chưa nhập dòng nào", "The units file has bad lines; nothing was imported"},

	"rule.unit_csv":            {"Dòng không đúng định dạng CSV", "Not a valid CSV line"},
	"rule.unit_columns":        {"Cần 3 hoặc 4 cột: mã, tên, cấp, mã đơn vị cha", "Needs 3 or 4 columns: code, name, level, parent code"},
	"rule.unit_code":           {"Mã đơn vị gồm 1–32 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới", "A unit code has 1–32 letters, digits, dots, dashes or underscores"},
	"rule.unit_name":           {"Thiếu tên đơn vị, hoặc tên dài quá 200 ký tự", "The unit's name is missing or longer than 200 characters"},
	"rule.unit_level":          {"Cấp phải là tỉnh, huyện, xã hoặc thôn (province, district, commune, village)", "The level must be province, district, commune or village (or tỉnh, huyện, xã, thôn)"},
	"rule.unit_self_parent":    {"Đơn vị không thể là đơn vị cha của chính nó", "A unit cannot be its own parent"},
	"rule.unit_duplicate":      {"Mã này đã có ở dòng %s", "This code is already on line %s"},
	"rule.unit_parent":         {"Không có đơn vị nào mang mã %s (hoặc các đơn vị cha tạo thành vòng)", "No unit has code %s (or the parents form a loop)"},
	"rule.unit_move":           {"Không thể chuyển đơn vị vào dưới đơn vị cấp dưới của chính nó (%s)", "A unit cannot move below one of its own descendants (%s)"},
	"rule.unit_open_tasks":     {"Còn %s nhiệm vụ chưa xong bên dưới đơn vị này; hãy hoàn thành hoặc hủy trước khi chuyển", "%s unfinished task(s) below this unit; finish or cancel them before moving it"},
	"rule.unit_outside":        {"Đơn vị %s không phải cấp dưới của đơn vị bạn", "Unit %s is not below your own unit"},
	"rule.unit_parent_outside": {"Đơn vị cha %s nằm ngoài phạm vi của bạn", "Parent %s is outside your subtree"},
	"rule.unit_root":           {"Thiếu mã đơn vị cha: đơn vị sẽ nằm trên đơn vị của bạn", "No parent code: the unit would be above your own unit"},
}

func init() {
	for k, m := range unitsCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is defined twice")
		}
		catalogue[k] = m
	}
}
